#include "bench/bound/fair_efficiency.hpp"

#include <catch2/catch.hpp>

#include "bench/bound/bound_cache.hpp"
#include "bench/run/simulation_run.hpp"
#include "sim/scenario.hpp"
#include "tests/bench/drivers/basic_poll.hpp"
#include "tests/bench/drivers/run_one.hpp"

using namespace pollbench;
using testing::one_model;
using testing::run_one;

namespace {

const nlohmann::json slow_law = {{"kind", "lognormal"}, {"median_s", 180}, {"sigma", 0.6}};

}  // namespace

TEST_CASE("fair efficiency: a row that gives up early is held to the optimum with its own deadline") {
  // basicPoll (3 s x 60) gives up on half of these tasks at 177 s. Against the optimum
  // with the law's far later deadline it scored 1.16; with its own, at the same delay, 0.72.
  const auto s = one_model(slow_law, 0, 20000);
  const auto r = run_one(s);
  REQUIRE(r.timeout_rate > 0.45);
  REQUIRE(r.efficiency.has_value());
  const bench::OptimalBound own(bench::CompletionLaw::of(s.models[0]), sim::Seconds{177});
  const auto best = own.requests_at_mean_delay(sim::Seconds{r.detection_latency_s.mean});
  REQUIRE(best.has_value());
  CHECK(*r.efficiency == Approx(*best / r.requests.mean).epsilon(0.005));
  CHECK(*r.efficiency == Approx(0.72).margin(0.02));
}

TEST_CASE("fair efficiency: a bound at an earlier deadline is the law's cut there, or its own grid when far earlier") {
  const auto s = one_model(slow_law, 0, 10);
  const auto& model = s.models[0];
  const bench::BoundCache bounds;
  for (double deadline : {177.0, 100.0}) {  // about 290 grid points kept; about 140, so a grid of its own
    INFO(deadline);
    const bench::OptimalBound own(bench::CompletionLaw::of(model), sim::Seconds{deadline});
    const auto cached = bounds.of(model, sim::Seconds{deadline}).requests_at_mean_delay(sim::Seconds{1});
    const auto fresh = own.requests_at_mean_delay(sim::Seconds{1});
    REQUIRE(cached.has_value());
    REQUIRE(fresh.has_value());
    CHECK(*cached == Approx(*fresh).epsilon(0.005));
  }
}

TEST_CASE("fair efficiency: the optimum pays the response time, as the rows do") {
  // The optimal schedule's polls are answered half a second late; without the toll it
  // would be held to a 0.5 s faster optimum and score well below 1.
  const auto r = run_one(one_model(slow_law, 0.5, 20000, {{"kind", "optimal"}, {"mean_delay_s", 2}}));
  REQUIRE(r.efficiency.has_value());
  CHECK(r.detection_latency_s.mean == Approx(2.5).epsilon(0.02));
  CHECK(*r.efficiency == Approx(1).margin(0.02));
}

TEST_CASE("fair efficiency: the optimum pays for faulted requests and for the time stalled ones hold the client") {
  auto s = one_model(slow_law, 0.1, 20000, {{"kind", "optimal"}, {"mean_delay_s", 2}});
  s.models[0].faults.http_500 = 0.05;
  s.models[0].faults.timeout = 0.005;  // held for the 30 s request timeout
  const auto r = run_one(s);
  REQUIRE(r.efficiency.has_value());
  CHECK(*r.efficiency == Approx(1).margin(0.02));
}

TEST_CASE("fair efficiency: a row that abandons tasks after a fault has still paid for them") {
  // The guide's basicPoll reports any error as the task's failure: with 1% faults a third
  // of these tasks end early, and it used to score above 1 for the requests it never sent.
  auto s = one_model(slow_law, 0.1, 20000, {{"kind", "fixed_interval"}, {"max_attempts", 100}});
  s.models[0].faults.http_500 = 0.01;
  const auto r = run_one(s);
  REQUIRE(r.wrong_outcome_rate > 0.3);
  REQUIRE(r.efficiency.has_value());
  CHECK(*r.efficiency <= 1.02);
}

TEST_CASE("fair efficiency: a faulted request is paid for, a share 1 / (1 - fault rate) more") {
  const bench::OptimalBound bound(bench::CompletionLaw::of(sim::Distribution{sim::Exponential{30}}), sim::Seconds{300});
  const auto plain = bench::requests_paying(bound, 0, sim::Seconds{2});
  const auto faulty = bench::requests_paying(bound, 0.2, sim::Seconds{2});
  REQUIRE(plain.has_value());
  REQUIRE(faulty.has_value());
  CHECK(*faulty == Approx(*plain / 0.8));
  CHECK_FALSE(bench::requests_paying(bound, 0, sim::Seconds{0}).has_value());
}

TEST_CASE(
    "fair efficiency on the default scenario: elapsed-time rows at most 1.02 - optimal at least 0.98 - informed rows "
    "marked") {
  const auto run = bench::run_simulation(sim::scenario_named("default"));
  std::size_t optimal = 0, informed = 0;
  for (const auto& r : run.records) {
    INFO(r.model << " " << r.strategy);
    if (!r.efficiency) continue;
    const bool learns = r.strategy == "server_hinted" || r.strategy == "long_poll" || r.strategy == "event_stream" ||
                        r.strategy == "progress_aware";
    CHECK(r.informed == learns);
    informed += r.informed;
    if (!r.informed) CHECK(*r.efficiency <= 1.02);
    if (r.strategy == "optimal") {
      CHECK(*r.efficiency >= 0.98);
      ++optimal;
    }
  }
  CHECK(optimal == 5);
  CHECK(informed ==
        5 + 3 + 3 + 2);  // server_hinted on every model; long_poll, event_stream, progress_aware where offered
}
