// GET /metrics on a running server: what it counts as requests come, that a Prometheus
// parser reads it whole, and that scraping leaves the journal as it was. Every server
// listens on a free port of 127.0.0.1 and stops with its scope.

#include <catch2/catch.hpp>

#include <thread>

#include "sim/server/mock_server.hpp"
#include "tests/support/prometheus_text.hpp"
#include "tests/support/raw_http.hpp"

using namespace pollbench;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::body_of;
using testing::RawConnection;
using testing::status_of;

namespace {

constexpr const char* scenario_text = R"({
  "seed": 7, "request_timeout_s": 1,
  "api_keys": [{"key": "key-a", "webhook_secret": "secret-a"}],
  "models": [{"name": "img", "completion": {"kind": "constant", "value_s": 1}},
             {"name": "cut", "completion": {"kind": "constant", "value_s": 1}, "faults": {"connection_reset": 1}}],
  "strategies": [{"kind": "adaptive"}]})";

struct Server {
  sim::server::MockServer server;
  int port;
  explicit Server(std::size_t max_body_bytes = 64 * 1024)
      : server(sim::parse_scenario(json::parse(scenario_text)), options(max_body_bytes)), port(server.start()) {}
  ~Server() { server.stop(); }

  static sim::server::ServeOptions options(std::size_t max_body_bytes) {
    sim::server::ServeOptions o;
    o.time_scale = 100;
    o.max_body_bytes = max_body_bytes;
    return o;
  }
  std::string ask(const std::string& request) const {
    RawConnection c(port);
    c.send(request);
    return c.read_answer();
  }
  std::string get(const std::string& target, const std::string& headers = "Authorization: Bearer key-a\r\n") const {
    return ask("GET " + target + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
  }
  std::string create(const std::string& model, const std::string& body = R"({"request_type":"async","input":{}})") {
    return ask("POST /generateTask/" + model + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer key-a\r\n" +
               "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }
  // The exposition, checked as a Prometheus parser would read it.
  std::string scrape() const {
    const auto answer = get("/metrics", "");
    REQUIRE(status_of(answer) == 200);
    CHECK(answer.find("\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n") != std::string::npos);
    auto text = body_of(answer);
    INFO(text);
    CHECK(!testing::exposition_error(text));
    return text;
  }
};

double sample(const std::string& text, const std::string& series) {
  const auto at = text.find("\n" + series + " ");
  return at == std::string::npos ? 0 : std::stod(text.substr(at + series.size() + 2));
}

double requests(const std::string& text, const std::string& route, const std::string& status) {
  return sample(text, R"(pollbench_http_requests_total{route=")" + route + R"(",status=")" + status + R"("})");
}

}  // namespace

TEST_CASE("GET /metrics - counts requests by route and status as they come, without a key") {
  Server s;
  const auto before = s.scrape();
  CHECK(requests(before, "/recordInfo", "200") == 0);
  const auto id = json::parse(body_of(s.create("img")))["data"]["taskId"].get<std::string>();
  const auto cut = json::parse(body_of(s.create("cut")))["data"]["taskId"].get<std::string>();
  CHECK(status_of(s.get("/recordInfo?taskId=" + id)) == 200);
  CHECK(status_of(s.get("/recordInfo?taskId=" + id, "")) == 401);
  CHECK(s.get("/recordInfo?taskId=" + cut).empty());  // reset
  for (const auto* path : {"/no/such/path", "/generateTask", "/admin/stats/../x"}) CHECK(status_of(s.get(path)) == 404);

  const auto after = s.scrape();
  INFO(after);
  CHECK(requests(after, "/generateTask/{model}", "200") == 2);
  CHECK(requests(after, "/recordInfo", "200") == 1);
  CHECK(requests(after, "/recordInfo", "401") == 1);
  CHECK(requests(after, "/recordInfo", "reset") == 1);
  CHECK(requests(after, "unmatched", "404") == 3);
  CHECK(requests(after, "/metrics", "200") == 1);      // the first scrape; this one counts as it goes out
  CHECK(after.find("/no/such") == std::string::npos);  // a route's pattern, never the URL
  CHECK(sample(after, R"(pollbench_http_request_duration_seconds_count{route="/recordInfo"})") == 3);
  CHECK(sample(after, R"(pollbench_tasks{state="waiting"})") + sample(after, R"(pollbench_tasks{state="success"})") +
            sample(after, R"(pollbench_tasks{state="generating"})") ==
        2);
  CHECK(sample(after, "pollbench_open_connections") >= 1);  // the scrape's own
}

TEST_CASE("GET /metrics - a request that cannot be read whole is counted under its route, or as unmatched") {
  Server s(1024);
  CHECK(status_of(s.create("img", std::string(4096, ' '))) == 413);
  CHECK(status_of(s.ask("NOT HTTP\r\n\r\n")) == 400);
  CHECK(status_of(s.get("/" + std::string(9000, 'a'))) == 414);
  const auto text = s.scrape();
  CHECK(requests(text, "/generateTask/{model}", "413") == 1);
  CHECK(requests(text, "unmatched", "400") == 1);
  CHECK(requests(text, "unmatched", "414") == 1);
  CHECK(requests(s.scrape(), "/metrics", "200") == 1);
}

TEST_CASE("GET /metrics - scraping leaves /admin/stats and the journal as they were") {
  Server s;
  const auto id = json::parse(body_of(s.create("img")))["data"]["taskId"].get<std::string>();
  CHECK(status_of(s.get("/recordInfo?taskId=" + id)) == 200);
  std::this_thread::sleep_for(50ms);  // the task has finished: its state no longer moves
  const auto stats = s.server.stats();
  for (int i = 0; i < 3; ++i) s.scrape();
  CHECK(s.server.stats() == stats);
  CHECK(sample(s.scrape(), R"(pollbench_tasks{state="success"})") == 1);
}

TEST_CASE("GET /metrics - a webhook to nowhere shows its five tries and its end") {
  Server s;
  CHECK(status_of(s.create(
            "img", R"({"request_type":"callback","callback_url":"http://127.0.0.1:9/hook","input":{}})")) == 200);
  std::string text;
  for (int i = 0; i < 100; ++i, std::this_thread::sleep_for(50ms)) {
    text = s.scrape();
    if (sample(text, R"(pollbench_webhook_deliveries_total{outcome="abandoned"})") == 1) break;
  }
  CHECK(sample(text, R"(pollbench_webhook_deliveries_total{outcome="abandoned"})") == 1);
  CHECK(sample(text, R"(pollbench_webhook_deliveries_total{outcome="delivered"})") == 0);
  CHECK(sample(text, "pollbench_webhook_attempts_total") == 5);
}
