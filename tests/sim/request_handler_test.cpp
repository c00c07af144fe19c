#include <catch2/catch.hpp>

#include "sim/api_reply.hpp"
#include "sim/server/request_handler.hpp"
#include "sim/server/routes.hpp"

using namespace pollbench;
using namespace std::chrono_literals;
using nlohmann::json;
using sim::server::ApiRequest;
using sim::server::ApiResponse;

namespace {

// A model whose task finishes 1 s after submission and whose every answer takes 0.1 s.
json faulty_model(const std::string& name, const json& faults = json::object()) {
  auto m = json::parse(R"({"completion": {"kind": "constant", "value_s": 1},
                         "response_time": {"kind": "constant", "value_s": 0.1}})");
  m["name"] = name;
  m["faults"] = faults;
  return m;
}

// The handler with no transport at all: requests go in as data, at chosen times.
struct Handler {
  sim::Scenario scenario;
  std::vector<sim::ApiKey> keys = {{"key-a", "secret-a"}, {"key-b", "secret-b"}};
  sim::server::TimeScale scale{10};
  sim::server::TaskLedger ledger{scenario, scale};
  std::vector<sim::server::Delivery> deliveries;
  sim::server::RequestHandler handler{
      scenario,
      keys,
      {},
      scale,
      ledger,
      [this](sim::server::Delivery d, sim::server::WallClock::time_point) { deliveries.push_back(std::move(d)); },
      [](sim::server::WallClock::time_point) { return std::string("up 1\n"); }};
  sim::server::WallClock::time_point start = sim::server::WallClock::now();

  explicit Handler(json models)
      : scenario(sim::parse_scenario(
            {{"seed", 7}, {"request_timeout_s", 1}, {"models", models}, {"strategies", {{{"kind", "adaptive"}}}}})) {}

  ApiResponse call(std::string_view method, std::string_view target, std::string_view body = "",
                   std::string_view key = "Bearer key-a", sim::server::WallClock::duration after = {}) {
    ApiRequest r{method, target, {}, body, start + after};
    if (!key.empty()) r.headers.push_back({"authorization", key});
    return handler.handle(r);
  }
  std::string create(const std::string& m) {
    const auto r = call("POST", "/generateTask/" + m, R"({"request_type":"async","input":{}})");
    REQUIRE(r.status == 200);
    return sim::read_created_task_id(r.body).value();
  }
};

}  // namespace

TEST_CASE("routes - endpoints by method and decoded path, query parameters decoded") {
  using sim::server::Endpoint;
  using sim::server::route_of;
  CHECK(route_of("POST", "/generateTask/sora-2").endpoint == Endpoint::create);
  CHECK(route_of("POST", "/generateTask/a%2Db").model == "a-b");
  CHECK(route_of("POST", "/generateTask/a/b").endpoint == Endpoint::none);
  CHECK(route_of("POST", "/generateTask/").endpoint == Endpoint::none);
  CHECK(route_of("GET", "/generateTask/x").endpoint == Endpoint::none);
  CHECK(route_of("GET", "/recordInfo?taskId=x").endpoint == Endpoint::status);
  CHECK(route_of("POST", "/recordInfo/batch").endpoint == Endpoint::batch);
  CHECK(route_of("GET", "/admin/stats").endpoint == Endpoint::stats);
  CHECK(route_of("GET", "/metrics?name[]=x").endpoint == Endpoint::metrics);
  CHECK(route_of("POST", "/metrics").endpoint == Endpoint::none);
  CHECK(route_of("GET", "/metrics/").endpoint == Endpoint::none);
  CHECK(sim::server::route_pattern(route_of("POST", "/generateTask/sora-2").endpoint) == "/generateTask/{model}");
  CHECK(sim::server::route_pattern(route_of("GET", "/no/such/path").endpoint) == "unmatched");
  CHECK(route_of("GET", "/%FF").path == "/\xff");
  CHECK(sim::server::query_param("a=1&taskId=img%2D0+1", "taskId") == "img-0 1");
  CHECK(sim::server::query_param("taskId", "taskId") == "");
  CHECK(!sim::server::query_param("other=1", "taskId"));
  CHECK(sim::server::percent_decode("100%", false) == "100%");
}

TEST_CASE("request handler - answers as data: status, body, delay and playback") {
  Handler h(
      {faulty_model("img"), faulty_model("stall", {{"timeout", 1}}), faulty_model("reset", {{"connection_reset", 1}})});
  const auto id = h.create("img");
  const auto answer = h.call("GET", "/recordInfo?taskId=" + id);
  CHECK(answer.status == 200);
  CHECK(answer.delay == h.scale.to_wall(100ms));  // the model's 0.1-s response time at x10
  CHECK(answer.playback == sim::server::Playback::answer);
  CHECK(sim::is_pending(sim::read_status_records(answer.body).value().front().state));

  const auto stalled = h.call("GET", "/recordInfo?taskId=" + h.create("stall"));
  CHECK(stalled.delay == h.scale.to_wall(2s));  // twice the scenario's 1-s timeout
  const auto reset = h.call("GET", "/recordInfo?taskId=" + h.create("reset"));
  CHECK(reset.playback == sim::server::Playback::reset);

  CHECK(h.call("GET", "/nowhere").status == 404);
  CHECK(h.call("GET", "/recordInfo?taskId=" + id, "", "").status == 401);
  CHECK(h.call("GET", "/recordInfo?taskId=" + id, "", "Bearer key-b").status == 404);
  CHECK(h.call("GET", "/recordInfo").status == 422);
}

TEST_CASE("request handler - a terminal state is journalled once its answer has gone out") {
  Handler h(json::array({faulty_model("img")}));
  const auto id = h.create("img");
  const auto late = h.call("GET", "/recordInfo?taskId=" + id, "", "Bearer key-a", h.scale.to_wall(5s));
  REQUIRE(late.shown.size() == 1);
  const auto detections = [&] { return h.ledger.stats(h.start)["overall"]["detection_latency_s"]["count"]; };
  CHECK(detections() == 0);
  h.handler.answered(late.shown);
  CHECK(detections() == 1);
}

TEST_CASE("request handler - a callback task's webhook is handed to the scheduler") {
  Handler h(json::array({faulty_model("img")}));
  const auto r = h.call("POST", "/generateTask/img",
                        R"({"request_type":"callback","callback_url":"http://127.0.0.1:9/hook","input":{}})");
  REQUIRE(r.status == 200);
  REQUIRE(h.deliveries.size() == 1);
  CHECK(h.deliveries[0].host == "127.0.0.1");
  CHECK(h.deliveries[0].port == 9);
  CHECK(h.deliveries[0].path == "/hook");
  CHECK(sim::read_status_records(h.deliveries[0].body).value().front().state == sim::Reply::success);
}

TEST_CASE("request handler - a stalled batch naming a finished task shows nothing and adds no time to the stall") {
  // The stall's latency is Duration::max(): adding a task's age to it overflowed, which
  // UndefinedBehaviorSanitizer caught under load (the asan preset aborts on it).
  Handler h(json::array({faulty_model("stall", {{"timeout", 1}})}));
  const auto id = h.create("stall");
  const auto r = h.call("POST", "/recordInfo/batch", R"({"taskIds":[")" + id + R"("]})", "Bearer key-a",
                        h.scale.to_wall(5s));  // the task finished at 1 s
  CHECK(r.status == 200);
  CHECK(r.delay == h.scale.to_wall(2s));  // twice the scenario's 1-s timeout
  CHECK(r.shown.empty());
}

TEST_CASE("request handler - GET /metrics needs no key, is not JSON, and leaves the journal as it was") {
  Handler h(json::array({faulty_model("img")}));
  const auto id = h.create("img");
  h.call("GET", "/recordInfo?taskId=" + id);
  const auto before = h.ledger.stats(h.start);
  const auto r = h.call("GET", "/metrics", "", "");
  CHECK(r.status == 200);
  CHECK(r.body == "up 1\n");
  CHECK(r.endpoint == sim::server::Endpoint::metrics);
  CHECK(r.headers == decltype(r.headers){{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}});
  CHECK(h.ledger.stats(h.start) == before);
  CHECK(h.call("POST", "/metrics", "", "").status == 404);
  CHECK(h.call("GET", "/recordInfo?taskId=" + id).endpoint == sim::server::Endpoint::status);
  CHECK(h.call("GET", "/recordInfo").endpoint == sim::server::Endpoint::status);  // refused, still its route
}
