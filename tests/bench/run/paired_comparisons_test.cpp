#include "bench/run/paired_comparisons.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "bench/drivers/sim_driver.hpp"
#include "bench/metrics.hpp"
#include "bench/run/simulation_run.hpp"
#include "reports/recommendation.hpp"

using namespace pollbench;

TEST_CASE("a run compares each model's pick with the guide's row on the same tasks") {
  const bench::Workload workload = bench::select(sim::default_scenario(), {{}, {"sora-2"}, 2000, {}});
  auto run = bench::run_simulation(workload);
  CHECK(run.paired_requests.empty());  // the run command adds them for a report
  run.paired_requests = bench::compare_picks(workload.scenario, workload.bound(), run, 2);
  const auto recs = reports::recommendations(run);
  REQUIRE(recs.size() == 1);
  REQUIRE(recs[0].pick != nullptr);
  REQUIRE(recs[0].guide != nullptr);
  REQUIRE(recs[0].paired != nullptr);
  const auto& paired = *recs[0].paired;
  CHECK(paired.strategy == recs[0].pick->strategy);
  CHECK(paired.against == recs[0].guide->strategy);
  CHECK(paired.tasks == 2000);
  // The difference of the rows' means, and an interval from the same tasks: narrower than
  // the two rows' own intervals would suggest apart.
  CHECK(paired.difference == Approx(recs[0].pick->requests.mean - recs[0].guide->requests.mean).margin(1e-9));
  const double apart = 1.96 * std::hypot(recs[0].pick->requests.sd, recs[0].guide->requests.sd) / std::sqrt(2000.0);
  CHECK(paired.half_width95 > 0);
  CHECK(paired.half_width95 < apart);
}

TEST_CASE("no significant difference is what two equal configs on the same tasks show") {
  const bench::Workload workload = bench::select(sim::default_scenario(), {{}, {"nano-banana"}, 3000, {}});
  const auto strategies = workload.bound();
  const auto fixed =
      std::find_if(strategies.begin(), strategies.end(), [](auto& s) { return s.name == "fixed_interval"; });
  REQUIRE(fixed != strategies.end());
  const bench::ModelWorld world(workload.scenario, workload.scenario.models[0]);
  const auto paired =
      bench::paired_requests(bench::simulate(fixed->strategy, world), bench::simulate(fixed->strategy, world));
  CHECK(paired.difference == 0);
  CHECK(paired.half_width95 == 0);
}
