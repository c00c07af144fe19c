#include <catch2/catch.hpp>
#include <cmath>

#include "basic_poll.hpp"
#include "bench/drivers/sim_driver.hpp"
#include "bench/metrics.hpp"
#include "bench/run/workload.hpp"
#include "reports/confidence_interval.hpp"

using namespace pollbench;

TEST_CASE("95% intervals cover the closed form of fixed-interval polling for about 95% of 200 seeds") {
  // The law and limits of the closed-form test: about 9% of tasks outlast the 60 polls.
  const double sigma = 0.8, c = 0.1;
  const auto exact = testing::basic_poll_exact_lognormal(60, sigma, c);
  const auto& requests = reports::metric_named("requests.mean");
  const auto& latency = reports::metric_named("detection_latency_s.mean");
  const auto& timeouts = reports::metric_named("timeout_rate");
  int covered_requests = 0, covered_latency = 0, covered_timeouts = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const auto scenario =
        testing::one_model({{"kind", "lognormal"}, {"median_s", 60}, {"sigma", sigma}}, c, 1000, {}, seed);
    const bench::ModelWorld world(scenario, scenario.models[0]);
    const auto named = bench::Workload(scenario).bound().front();
    const auto r = bench::measure(named.name, "m", bench::simulate(named.strategy, world));
    auto covers = [&](const reports::Metric& m, double truth) {
      const auto ci = reports::interval95(m, r);
      REQUIRE(ci);
      CHECK(ci->low <= *m.value(r));
      CHECK(*m.value(r) <= ci->high);
      return ci->low <= truth && truth <= ci->high;
    };
    covered_requests += covers(requests, exact.requests);
    covered_latency += covers(latency, exact.latency);
    covered_timeouts += covers(timeouts, exact.timeout);
  }
  // Binomial(200, 0.95): 190 on average, 181 to 199 within three standard deviations.
  INFO("requests " << covered_requests << ", latency " << covered_latency << ", timeouts " << covered_timeouts);
  for (int covered : {covered_requests, covered_latency, covered_timeouts}) {
    CHECK(covered >= 181);
    CHECK(covered <= 199);
  }
}
