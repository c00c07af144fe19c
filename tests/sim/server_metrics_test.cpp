#include <catch2/catch.hpp>

#include <thread>

#include "sim/server/server_metrics.hpp"
#include "tests/support/prometheus_text.hpp"

using namespace pollbench;
using namespace std::chrono_literals;
using sim::server::Endpoint;
using sim::server::ServerMetrics;
using testing::exposition_error;

namespace {

// The value of the one sample whose line starts with `series` followed by a space; -1 when absent.
double sample(const std::string& text, const std::string& series) {
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

}  // namespace

TEST_CASE("server metrics - requests by route pattern and status, resets labelled apart") {
  ServerMetrics m;
  m.observe(Endpoint::status, 200, 1ms);
  m.observe(Endpoint::status, 200, 2ms);
  m.observe(Endpoint::status, ServerMetrics::reset_status, 3ms);
  m.observe(Endpoint::create, 413, 0ms);
  m.observe(Endpoint::none, 404, 0ms);
  const auto text = m.text({3, {}});
  INFO(text);
  CHECK(!exposition_error(text));
  CHECK(sample(text, R"(pollbench_http_requests_total{route="/recordInfo",status="200"})") == 2);
  CHECK(sample(text, R"(pollbench_http_requests_total{route="/recordInfo",status="reset"})") == 1);
  CHECK(sample(text, R"(pollbench_http_requests_total{route="/generateTask/{model}",status="413"})") == 1);
  CHECK(sample(text, R"(pollbench_http_requests_total{route="unmatched",status="404"})") == 1);
  CHECK(sample(text, R"(pollbench_http_requests_total{route="/admin/stats",status="200"})") == -1);  // none yet
  CHECK(sample(text, "pollbench_open_connections") == 3);
}

TEST_CASE("server metrics - the duration histogram's buckets are cumulative and end at _count") {
  ServerMetrics m;
  for (const std::chrono::microseconds took : {50us, 100us, 101us, 7000us, 7000us, 2'000'000us, 90'000'000us})
    m.observe(Endpoint::batch, 200, took);
  const auto text = m.text({});
  INFO(text);
  CHECK(!exposition_error(text));
  const std::string b = R"(pollbench_http_request_duration_seconds_bucket{route="/recordInfo/batch",le=")";
  CHECK(sample(text, b + R"(0.0001"})") == 2);  // an upper bound is inclusive
  CHECK(sample(text, b + R"(0.00025"})") == 3);
  CHECK(sample(text, b + R"(0.005"})") == 3);
  CHECK(sample(text, b + R"(0.01"})") == 5);
  CHECK(sample(text, b + R"(2.5"})") == 6);
  CHECK(sample(text, b + R"(60"})") == 6);
  CHECK(sample(text, b + R"(+Inf"})") == 7);
  CHECK(sample(text, R"(pollbench_http_request_duration_seconds_count{route="/recordInfo/batch"})") == 7);
  CHECK(sample(text, R"(pollbench_http_request_duration_seconds_sum{route="/recordInfo/batch"})") == Approx(92.014251));
  // Only routes that have answered have a histogram.
  CHECK(text.find(R"(_count{route="/recordInfo"})") == std::string::npos);
  // Every bucket bound is written once.
  std::size_t bounds = 0;
  for (auto at = text.find("le=\""); at != std::string::npos; at = text.find("le=\"", at + 1)) ++bounds;
  CHECK(bounds == ServerMetrics::bucket_bounds.size() + 1);
}

TEST_CASE("server metrics - tasks by state and webhook deliveries by outcome, from the journal's census") {
  sim::server::Census census;
  census.tasks = {4, 3, 2, 1};
  census.webhooks[static_cast<std::size_t>(sim::server::WebhookEvent::sent)] = 9;
  census.webhooks[static_cast<std::size_t>(sim::server::WebhookEvent::delivered)] = 5;
  census.webhooks[static_cast<std::size_t>(sim::server::WebhookEvent::abandoned)] = 1;
  census.webhooks[static_cast<std::size_t>(sim::server::WebhookEvent::lost)] = 2;
  const auto text = ServerMetrics{}.text({0, census});
  INFO(text);
  CHECK(!exposition_error(text));
  CHECK(sample(text, R"(pollbench_tasks{state="waiting"})") == 4);
  CHECK(sample(text, R"(pollbench_tasks{state="failed"})") == 1);
  CHECK(sample(text, R"(pollbench_webhook_deliveries_total{outcome="delivered"})") == 5);
  CHECK(sample(text, R"(pollbench_webhook_deliveries_total{outcome="abandoned"})") == 1);
  CHECK(sample(text, R"(pollbench_webhook_deliveries_total{outcome="lost"})") == 2);
  CHECK(sample(text, "pollbench_webhook_attempts_total") == 9);
  for (const auto* type : {"# TYPE pollbench_tasks gauge\n", "# TYPE pollbench_open_connections gauge\n",
                           "# TYPE pollbench_webhook_deliveries_total counter\n",
                           "# TYPE pollbench_http_request_duration_seconds histogram\n"})
    CHECK(text.find(type) != std::string::npos);
}

TEST_CASE("server metrics - many threads counting lose nothing") {
  ServerMetrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&m] {
      for (int i = 0; i < 10'000; ++i) m.observe(Endpoint::status, 200, std::chrono::microseconds{i});
    });
  for (auto& t : threads) t.join();
  const auto text = m.text({});
  CHECK(sample(text, R"(pollbench_http_requests_total{route="/recordInfo",status="200"})") == 40'000);
  CHECK(sample(text, R"(pollbench_http_request_duration_seconds_count{route="/recordInfo"})") == 40'000);
}

TEST_CASE("exposition reader - refuses what a Prometheus parser refuses") {
  const std::string head = "# HELP h A histogram.\n# TYPE h histogram\n";
  const std::string ok = head + "h_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3.5\nh_count 2\n";
  CHECK(!exposition_error(ok));
  CHECK(!exposition_error("# TYPE c counter\nc{a=\"x\\\"y\\\\z\\n\"} 1 1700000000000\n"));
  CHECK(exposition_error("# TYPE c counter\nc 1"));                // no final newline
  CHECK(exposition_error("c 1\n"));                                // no TYPE
  CHECK(exposition_error("# TYPE c counter\nc{a=\"x\\q\"} 1\n"));  // an unknown escape
  CHECK(exposition_error("# TYPE c counter\nc{a=x} 1\n"));         // an unquoted value
  CHECK(exposition_error("# TYPE c counter\nc{1a=\"x\"} 1\n"));    // a label name
  CHECK(exposition_error("# TYPE c counter\nc one\n"));            // a value
  CHECK(exposition_error("# TYPE c counter\nc -1\n"));             // a counter below zero
  CHECK(exposition_error("# TYPE c counter\nc 1\nc 2\n"));         // a series twice
  CHECK(exposition_error("# TYPE c counter\nc 1\n# TYPE c counter\n"));
  CHECK(exposition_error("# TYPE c wobbly\n"));
  CHECK(exposition_error("# TYPE a gauge\n# TYPE b gauge\nb 1\na 1\n"));  // a family not together
  CHECK(exposition_error(head + "h_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"));
  CHECK(exposition_error(head + "h_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n"));  // no +Inf
  CHECK(exposition_error(head + "h_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n"));
  CHECK(exposition_error(head + "h_bucket{le=\"+Inf\"} 2\nh_count 2\n"));  // no _sum
  CHECK(exposition_error(head + "h 1\n"));
}
