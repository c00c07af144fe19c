#include <catch2/catch.hpp>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "sim/json_fields.hpp"
#include "sim/server/hmac.hpp"
#include "sim/server/mock_server.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/served_scenario.hpp"

using namespace pollbench;
using namespace std::chrono_literals;
using nlohmann::json;
using namespace pollbench::test;

TEST_CASE("mock server - an async task moves from waiting through generating to success") {
  Served s(scenario_of({model("img")}), 10);  // the 1-s job takes 100 ms
  const auto id = create(s, "img");
  std::vector<std::string> states;
  for (int i = 0; i < 400 && (states.empty() || states.back() != "success"); ++i) {
    const auto r = status(s, id);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    const auto data = json::parse(r->body)["data"];
    if (states.empty() || states.back() != data["state"]) states.push_back(data["state"]);
    if (data["state"] == "success") {
      CHECK(json::parse(data["resultJson"].get<std::string>())["resultUrls"].size() == 1);
      CHECK(data["param"] == R"({"prompt":"x"})");
    }
  }
  CHECK(states == std::vector<std::string>{"waiting", "generating", "success"});
}

TEST_CASE("mock server - a failing task ends failed with its failCode and failMsg") {
  Served s(scenario_of({model("bad", {{"failure",
                                       {{"rate", 1},
                                        {"code", "E42"},
                                        {"message", "boom"},
                                        {"time", {{"kind", "constant"}, {"value_s", 0.1}}}}}})}),
           100);
  const auto id = create(s, "bad");
  json data = json::object();
  for (int i = 0; i < 400 && data.value("state", "") != "failed"; ++i) data = json::parse(status(s, id)->body)["data"];
  CHECK(data["state"] == "failed");
  CHECK(data["failCode"] == "E42");
  CHECK(data["failMsg"] == "boom");
  CHECK(data["resultJson"] == "");
}

TEST_CASE("mock server - many tasks' status in one batch request") {
  Served s(scenario_of({model("img")}), 100);
  const auto a = create(s, "img"), b = create(s, "img");
  auto c = s.client();
  const auto r = c.Post("/recordInfo/batch", key_a, json{{"taskIds", {a, b}}}.dump(), "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const auto data = json::parse(r->body)["data"];
  REQUIRE(data.size() == 2);
  CHECK(data[0]["taskId"] == a);
  CHECK(data[1]["taskId"] == b);
  CHECK(c.Post("/recordInfo/batch", key_b, json{{"taskIds", {a}}}.dump(), "application/json")->status == 404);
  CHECK(c.Post("/recordInfo/batch", key_a, json{{"taskIds", json::array()}}.dump(), "application/json")->status == 422);
}

TEST_CASE("mock server - a task is invisible to other keys and a request without a key is refused") {
  Served s(scenario_of({model("img")}), 100);
  const auto id = create(s, "img");
  CHECK(status(s, id, key_b)->status == 404);
  CHECK(status(s, id, {})->status == 401);
  CHECK(status(s, id, {{"Authorization", "Bearer nope"}})->status == 401);
  const auto refused = status(s, id, {{"Authorization", "Bearer nope"}});
  CHECK(json::parse(refused->body)["code"] == 401);
  CHECK(status(s, id)->status == 200);
}

TEST_CASE("mock server - each bad input gets its 4xx JSON and the server keeps serving") {
  Served s(scenario_of({model("img")}), 100);
  auto c = s.client();
  auto post = [&](const std::string& path, const std::string& body) {
    return c.Post(path.c_str(), key_a, body, "application/json");
  };
  const std::vector<std::tuple<std::string, std::string, int>> cases = {
      {"/generateTask/img", "{not json", 400},
      {"/generateTask/img", "[1,2]", 400},
      {"/generateTask/nope", R"({"request_type":"async","input":{}})", 404},
      {"/generateTask/img", R"({"input":{}})", 422},
      {"/generateTask/img", R"({"request_type":"sync","input":{}})", 422},
      {"/generateTask/img", R"({"request_type":"async","input":"text"})", 422},
      {"/generateTask/img", R"({"request_type":"callback","input":{}})", 422},
      {"/generateTask/img", R"({"request_type":"callback","callback_url":"http://example.com/hook","input":{}})", 422},
      {"/generateTask/img", R"({"request_type":"async","input":{"pad":")" + std::string(70000, 'x') + "\"}}", 413},
      {"/nowhere", "{}", 404},
  };
  for (const auto& [path, body, code] : cases) {
    INFO(path << " " << body.substr(0, 80));
    const auto r = post(path, body);
    REQUIRE(r);
    CHECK(r->status == code);
    const auto error = json::parse(r->body, nullptr, false);
    REQUIRE(!error.is_discarded());
    CHECK(error["code"] == code);
    CHECK(!error["msg"].get<std::string>().empty());
  }
  CHECK(status(s, "img-000099")->status == 404);
  CHECK(c.Get("/recordInfo", key_a)->status == 422);
  CHECK(!create(s, "img").empty());  // still serving
}

TEST_CASE("mock server - injected faults reach the client as it would really see them") {
  const json retry = {{"retry_after_s", 300}};
  Served s(scenario_of({model("f500", {{"faults", {{"http_500", 1}}}}), model("f503", {{"faults", {{"http_503", 1}}}}),
                        model("f429", {{"faults", {{"http_429", 1}, {"retry_after_s", 300}}}}),
                        model("fbody", {{"faults", {{"malformed_body", 1}}}}),
                        model("freset", {{"faults", {{"connection_reset", 1}}}})}),
           100);
  CHECK(status(s, create(s, "f500"))->status == 500);
  CHECK(status(s, create(s, "f503"))->status == 503);
  const auto limited = status(s, create(s, "f429"));
  CHECK(limited->status == 429);
  CHECK(limited->get_header_value("Retry-After") == "3");  // 300 s at x100
  CHECK(limited->get_header_value("Retry-After-Ms") == "3000");
  {
    // At high time scales a wait is a fraction of a wall millisecond, kept to the microsecond.
    Served fast(scenario_of({model("f429", {{"faults", {{"http_429", 1}, {"retry_after_s", 0.4}}}})}), 1000);
    const auto brief = status(fast, create(fast, "f429"));
    CHECK(brief->get_header_value("Retry-After") == "1");
    CHECK(brief->get_header_value("Retry-After-Ms") == "0.4");
  }
  const auto truncated = status(s, create(s, "fbody"));
  CHECK(truncated->status == 200);
  CHECK(json::parse(truncated->body, nullptr, false).is_discarded());

  // A stall outlasts the client's timeout: twice the scenario's 1-s request timeout, at
  // x1 two seconds of wall time, which a loaded machine cannot shrink to the client's 10 ms.
  {
    Served slow(scenario_of({model("fstall", {{"faults", {{"timeout", 1}}}})}), 1);
    httplib::Client c("127.0.0.1", slow.port);
    c.set_read_timeout(0, 10000);
    const auto stalled = c.Get(("/recordInfo?taskId=" + create(slow, "fstall")).c_str(), key_a);
    CHECK(!stalled);
    CHECK(stalled.error() == httplib::Error::Read);
    CHECK(slow.server.stats()["faults_injected"]["stall"] == 1);
  }

  // A reset is a real RST: the client's read fails with ECONNRESET.
  const auto id = create(s, "freset");
  const int sock = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(sock >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(s.port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  const std::string request =
      "GET /recordInfo?taskId=" + id + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer key-a\r\n\r\n";
  REQUIRE(send(sock, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size()));
  timeval limit{2, 0};
  setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  char buffer[256];
  const auto got = recv(sock, buffer, sizeof buffer, 0);
  const int error = errno;
  close(sock);
  CHECK(got == -1);
  CHECK(error == ECONNRESET);

  const auto stats = s.server.stats()["faults_injected"];
  for (const char* kind : {"http_500", "http_503", "http_429", "malformed_body", "connection_reset"}) {
    INFO(kind);
    CHECK(stats[kind] == 1);
  }
}

TEST_CASE("mock server - the same seed replays the same fates whatever the timing") {
  const auto scenario = scenario_of({model("mixed", {{"faults", {{"http_500", 0.3}, {"http_503", 0.3}}}})});
  auto codes = [&] {
    Served s(scenario, 1000);
    const auto id = create(s, "mixed");
    std::vector<int> seen;
    for (int i = 0; i < 20; ++i) seen.push_back(status(s, id)->status);
    return seen;
  };
  const auto first = codes();
  CHECK(first == codes());
  CHECK(std::count(first.begin(), first.end(), 200) < 20);
}

TEST_CASE("mock server - a callback task's webhook is signed and retried - a tampered one fails verification") {
  struct Received {
    std::string body, timestamp, signature, attempt;
  };
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<Received> received;
  int answered = 0;
  httplib::Server receiver;
  receiver.Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    res.status = answered++ == 0 ? 500 : 200;  // refuse the first try: the server must retry
    received.push_back({req.body, req.get_header_value("X-Pollbench-Timestamp"),
                        req.get_header_value("X-Pollbench-Signature"), req.get_header_value("X-Pollbench-Attempt")});
    arrived.notify_all();
  });
  const int receiver_port = receiver.bind_to_any_port("127.0.0.1");
  std::thread listening([&] { receiver.listen_after_bind(); });
  struct Stop {
    httplib::Server& server;
    std::thread& thread;
    ~Stop() {
      // stop() does nothing before the listening thread has begun (a test that failed
      // early), and that thread would then accept for ever.
      const auto bound = std::chrono::steady_clock::now() + 10s;
      while (!server.is_running() && std::chrono::steady_clock::now() < bound) std::this_thread::yield();
      server.stop();
      thread.join();
    }
  } stop_receiver{receiver, listening};

  Served s(scenario_of({model("img", {{"webhook", {{"delay", {{"kind", "constant"}, {"value_s", 0.5}}}}}})}), 100);
  const auto id = create(s, "img",
                         {{"request_type", "callback"},
                          {"callback_url", "http://127.0.0.1:" + std::to_string(receiver_port) + "/hook"},
                          {"input", json::object()}});
  std::unique_lock lock(mutex);
  arrived.wait_for(lock, 10s, [&] { return received.size() >= 2; });  // a bound, not a wait for time to pass
  REQUIRE(received.size() == 2);
  CHECK(received[0].attempt == "1");
  CHECK(received[1].attempt == "2");
  const auto& delivery = received[1];
  const auto payload = json::parse(delivery.body);
  CHECK(payload["data"]["taskId"] == id);
  CHECK(payload["data"]["state"] == "success");
  CHECK(delivery.signature == sim::server::webhook_signature("secret-a", delivery.timestamp, delivery.body));
  auto tampered = delivery.body;
  tampered[tampered.find("success")] = 'S';
  CHECK(delivery.signature != sim::server::webhook_signature("secret-a", delivery.timestamp, tampered));
  CHECK(delivery.signature != sim::server::webhook_signature("secret-b", delivery.timestamp, delivery.body));
  // The sender records the delivery once the receiver's answer is back: stopping joins it.
  lock.unlock();
  s.server.stop();
  const auto hooks = s.server.stats()["webhooks"];
  CHECK(hooks["scheduled"] == 1);
  CHECK(hooks["retried"] == 1);
  CHECK(hooks["delivered"] == 1);
}

TEST_CASE("mock server - a client replays the simulator's tasks by index and series") {
  Served s(scenario_of({model("img")}), 100);
  auto c = s.client();
  const auto create_with = [&](httplib::Headers headers) {
    headers.emplace("Authorization", "Bearer key-a");
    return c.Post("/generateTask/img", headers, R"({"request_type":"async","input":{}})", "application/json");
  };
  const auto id_of = [](const httplib::Result& r) { return json::parse(r->body)["data"]["taskId"].get<std::string>(); };
  auto r = create_with({{"X-Pollbench-Task-Index", "5"}, {"X-Pollbench-Series", "run_1"}});
  REQUIRE(r->status == 200);
  CHECK(id_of(r) == "img-000005-run_1");
  CHECK(create_with({{"X-Pollbench-Task-Index", "5"}, {"X-Pollbench-Series", "run_1"}})->status == 409);
  r = create_with(
      {{"X-Pollbench-Task-Index", "5"}, {"X-Pollbench-Series", "run_2"}});  // another series has its own task 5
  CHECK(id_of(r) == "img-000005-run_2");
  r = create_with({{"X-Pollbench-Task-Index", "3"}});
  CHECK(id_of(r) == "img-000003");
  CHECK(id_of(create_with({})) == "img-000004");  // numbering goes on after the highest index given
  const auto bad_index = create_with({{"X-Pollbench-Task-Index", "five"}});
  CHECK(bad_index->status == 422);
  CHECK_THAT(bad_index->body, Catch::Contains("X-Pollbench-Task-Index") && Catch::Contains("five"));
  CHECK(create_with({{"X-Pollbench-Series", "no spaces"}})->status == 422);
  const auto stats = s.server.stats();
  CHECK(stats["seed"] == 7);
  CHECK(stats["scenario"].is_string());
  CHECK(stats["time_scale"] == 100.0);
}

TEST_CASE("mock server - one key's rate limit is kept per X-Pollbench-Client") {
  auto scenario = scenario_of({model("img")});
  scenario["rate_limit"] = {{"requests_per_s", 0.5}, {"burst", 1}};
  Served s(scenario, 1);
  const auto id = create(s, "img");
  auto c = s.client();
  const auto status_as = [&](const std::string& client) {
    return c
        .Get(("/recordInfo?taskId=" + id).c_str(), {{"Authorization", "Bearer key-a"}, {"X-Pollbench-Client", client}})
        ->status;
  };
  CHECK(status_as("a") == 200);
  CHECK(status_as("b") == 200);  // a bucket of its own
  CHECK(status_as("a") == 429);  // a's one token is spent
}

TEST_CASE("mock server - the journal measures a scripted client exactly") {
  // Constant laws: the task finishes 1 s after submission, every answer takes 0.1 s.
  // Polled at 0.5 s and 1.5 s: 2 requests, and the answer showing success ends at
  // 1.6 s, 0.6 s after the terminal moment. A second task is never polled.
  constexpr double scale = 4;
  Served s(scenario_of({model("img")}), scale);
  using clock = std::chrono::steady_clock;
  const auto created = clock::now();
  const auto id = create(s, "img");
  const double create_s = std::chrono::duration<double>(clock::now() - created).count() * scale;
  create(s, "img");
  auto since = [&] { return std::chrono::duration<double>(clock::now() - created).count() * scale; };
  double sent = 0, answered = 0;
  for (double at : {0.5, 1.5}) {
    std::this_thread::sleep_until(created + std::chrono::duration<double>(at / scale));
    sent = since();
    REQUIRE(status(s, id)->status == 200);
    answered = since();
  }
  const auto stats = s.server.stats()["models"]["img"];
  CHECK(stats["tasks_created"] == 2);
  CHECK(stats["tasks_never_fetched"] == 1);
  CHECK(stats["requests_per_task"]["max"] == 2);
  CHECK(stats["requests_per_task"]["mean"] == 1);
  REQUIRE(stats["detection_latency_s"]["count"] == 1);
  // The server read the request between our send and our receipt (less the 0.1-s
  // answer time), on a clock started at most one create round trip after ours: the
  // clock's uncertainty, times the scale, brackets the exact value.
  const double detection = stats["detection_latency_s"]["mean"];
  INFO("sent at " << sent << " s, answered at " << answered << " s, create took " << create_s << " s");
  CHECK(detection >= sent - create_s + 0.1 - 1.0);
  CHECK(detection <= answered - 1.0);
  CHECK(answered - sent < 0.1 + 0.2 * scale);  // and the bracket stays narrow
}
