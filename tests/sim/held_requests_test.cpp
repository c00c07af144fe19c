#include <catch2/catch.hpp>
#include <httplib.h>

#include <chrono>
#include <string>

#include "tests/support/served_scenario.hpp"

using namespace pollbench;
using namespace pollbench::test;
using Clock = std::chrono::steady_clock;

namespace {

// Completion at 0.5 s, no response time: a held answer's moment is the task's end.
json held_model(json extra = json::object()) {
  json m = model("held", {{"completion", {{"kind", "constant"}, {"value_s", 0.5}}},
                          {"queue", {{"kind", "constant"}, {"value_s", 0.1}}},
                          {"response_time", {{"kind", "constant"}, {"value_s", 0}}},
                          {"long_poll", {{"max_wait_s", 60}}},
                          {"progress", {{"sigma", 0}, {"queue_slot_s", 0.05}}}});
  m.update(extra);
  return m;
}

struct StreamRead {
  std::vector<std::uint32_t> ids;
  std::vector<std::string> states;
};

// One connection to the task's stream, read until the server closes it.
StreamRead read_stream(const Served& s, const std::string& id, std::optional<std::uint32_t> seen) {
  auto c = s.client();
  c.set_read_timeout(5s);
  auto headers = key_a;
  if (seen) headers.emplace("Last-Event-ID", std::to_string(*seen));
  const auto r = c.Get(("/stream?taskId=" + id).c_str(), headers);
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "text/event-stream");
  StreamRead read;
  for (std::size_t at = r->body.find("id: "); at != std::string::npos; at = r->body.find("id: ", at + 1)) {
    read.ids.push_back(static_cast<std::uint32_t>(std::stoul(r->body.substr(at + 4))));
    const auto data = r->body.find("data: ", at);
    const auto line = r->body.substr(data + 6, r->body.find('\n', data) - data - 6);
    read.states.push_back(json::parse(line)["data"]["state"]);
  }
  return read;
}

}  // namespace

TEST_CASE("a long poll returns within 50 ms (scaled) of the terminal moment") {
  constexpr double scale = 2;  // the 0.5-s task ends 250 ms after its creation; 50 ms are 25 ms of wall time
  Served s(scenario_of({held_model()}), scale);
  const auto before = Clock::now();
  const auto id = create(s, "held");
  const auto after = Clock::now();
  auto c = s.client();
  c.set_read_timeout(5s);
  auto headers = key_a;
  headers.emplace("Prefer", "respond-async, wait=30");
  const auto r = c.Get(("/recordInfo?taskId=" + id).c_str(), headers);
  const auto answered = Clock::now();
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(json::parse(r->body)["data"]["state"] == "success");
  const auto end = std::chrono::milliseconds{250};
  CHECK(answered >= before + end);
  CHECK(answered <= after + end + std::chrono::milliseconds{25});
}

TEST_CASE("a long poll whose wait passes first answers pending then, with the progress and queue position") {
  Served s(scenario_of({held_model()}), 2);
  const auto id = create(s, "held");
  auto c = s.client();
  const auto queued = c.Get(("/recordInfo?taskId=" + id).c_str(), key_a);  // at once: waiting
  REQUIRE(queued);
  const auto waiting = json::parse(queued->body)["data"];
  CHECK(waiting["state"] == "waiting");
  CHECK(waiting["progress"] == 0.0);
  CHECK(waiting["queuePosition"].get<int>() >= 1);
  const auto sent = Clock::now();
  const auto r = c.Get(("/recordInfo?taskId=" + id + "&wait=0.15").c_str(), key_a);  // 0.3 s of the task
  REQUIRE(r);
  CHECK(Clock::now() - sent >= std::chrono::milliseconds{150});
  const auto data = json::parse(r->body)["data"];
  CHECK(data["state"] == "generating");
  CHECK(data["progress"].get<double>() > 0);
  CHECK(data["progress"].get<double>() < 1);
  CHECK_FALSE(data.contains("queuePosition"));
}

TEST_CASE("a cut stream is resumed with Last-Event-ID without losing the terminal event") {
  // Nine events in ten lost, the terminal one among them: the server closes after it,
  // and a reconnect is sent what it missed.
  Served s(scenario_of({held_model({{"event_stream", {{"idle_cut_s", 0.3}, {"event_loss_rate", 0.9}}}})}), 4);
  const auto id = create(s, "held");
  std::optional<std::uint32_t> seen;
  std::vector<std::string> states;
  int connections = 0;
  while (connections < 20 && (states.empty() || states.back() != "success")) {
    ++connections;
    const auto read = read_stream(s, id, seen);
    for (std::size_t i = 0; i < read.ids.size(); ++i) {
      if (seen) CHECK(read.ids[i] > *seen);  // nothing seen is sent again
      seen = read.ids[i];
      states.push_back(read.states[i]);
    }
  }
  REQUIRE_FALSE(states.empty());
  CHECK(states.back() == "success");
  CHECK(connections >= 2);  // the first stream ended without its terminal event
}

TEST_CASE("long polls and streams refuse bad waits and event ids with 400 and the server keeps serving") {
  Served s(scenario_of({held_model(), model("plain")}), 100);
  const auto id = create(s, "held");
  auto c = s.client();
  for (const auto* wait : {"wait=abc", "wait=0", "wait=-1", "wait=1e9", "wait=nan", "wait="}) {
    INFO(wait);
    auto headers = key_a;
    headers.emplace("Prefer", wait);
    const auto r = c.Get(("/recordInfo?taskId=" + id).c_str(), headers);
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(json::parse(r->body)["msg"].get<std::string>().starts_with("wait: "));
    CHECK(c.Get(("/recordInfo?taskId=" + id + "&" + wait).c_str(), key_a)->status == 400);
  }
  auto bad_id = key_a;
  bad_id.emplace("Last-Event-ID", "x1");
  CHECK(c.Get(("/stream?taskId=" + id).c_str(), bad_id)->status == 400);
  CHECK(c.Get(("/stream?taskId=" + id + "&lastEventId=99999").c_str(), key_a)->status == 400);
  CHECK(c.Get(("/stream?taskId=" + id).c_str(), key_a)->status == 404);  // held streams no events
  CHECK(c.Get("/stream", key_a)->status == 422);
  CHECK(c.Get(("/stream?taskId=" + create(s, "plain")).c_str(), key_b)->status == 404);
  CHECK(status(s, id)->status == 200);
}
