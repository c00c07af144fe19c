#include <catch2/catch.hpp>

#include "reports/confidence_interval.hpp"

using namespace pollbench::reports;

TEST_CASE("confidence intervals: Wilson's for rates, the normal one for means") {
  ResultRecord r;
  r.tasks = 10;
  r.detected = 4;
  r.timeout_rate = 0.5;
  r.requests = {3, 3, 5, 6, 7, 2};             // mean 3, sd 2
  r.detection_latency_s = {1, 1, 1, 1, 1, 0};  // sd 0: no spread, no width
  const auto half = interval95(metric_named("timeout_rate"), r);
  REQUIRE(half);
  CHECK(half->low == Approx(0.2366).margin(1e-4));
  CHECK(half->high == Approx(0.7634).margin(1e-4));
  // At 0% the interval still says how small the rate may be.
  const auto none = interval95(metric_named("lost_rate"), r);
  REQUIRE(none);
  CHECK(none->low == 0);
  CHECK(none->high == Approx(0.2775).margin(1e-4));
  const auto requests = interval95(metric_named("requests.mean"), r);
  REQUIRE(requests);
  CHECK(requests->low == Approx(3 - 1.959964 * 2 / std::sqrt(10.0)));
  CHECK(requests->high == Approx(3 + 1.959964 * 2 / std::sqrt(10.0)));
  const auto latency = interval95(metric_named("detection_latency_s.mean"), r);
  REQUIRE(latency);
  CHECK(latency->low == 1);
  CHECK(latency->high == 1);
}

TEST_CASE("confidence intervals: only means and rates have one, and none over no tasks") {
  ResultRecord r;
  r.tasks = 10;
  CHECK_FALSE(has_interval(metric_named("requests.p95")));
  CHECK_FALSE(has_interval(metric_named("peak_rps")));
  CHECK_FALSE(interval95(metric_named("requests.sd"), r));
  CHECK(interval95(metric_named("requests.mean"), r));
  CHECK_FALSE(interval95(metric_named("detection_latency_s.mean"), r));  // nothing detected
  r.tasks = 0;
  CHECK_FALSE(interval95(metric_named("timeout_rate"), r));
}
