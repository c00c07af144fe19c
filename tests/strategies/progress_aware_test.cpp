#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "sim/json_fields.hpp"
#include "sim/scenario.hpp"
#include "strategies/progress_aware.hpp"
#include "tests/bench/drivers/run_one.hpp"

using namespace pollbench;
using namespace std::chrono_literals;
using nlohmann::json;
using strategies::Decision;
using strategies::Observation;

namespace {

Observation reading(strategies::Duration now, double done, std::optional<std::uint32_t> place = std::nullopt) {
  Observation o;
  o.now = now;
  o.reply = done > 0 ? sim::Reply::generating : sim::Reply::waiting;
  o.progress = {done, place};
  return o;
}

// A sora-2-like law whose progress is informative: off by 2% of the task's length.
sim::Scenario informative(const json& strategy) {
  return sim::parse_scenario({{"seed", 5},
                              {"tasks_per_model", 4000},
                              {"models",
                               {{{"name", "video"},
                                 {"completion", {{"kind", "lognormal"}, {"median_s", 240}, {"p99_s", 900}}},
                                 {"queue", {{"kind", "exponential"}, {"mean_s", 30}}},
                                 {"progress", {{"sigma", 0.02}}}}}},
                              {"strategies", {strategy}}});
}

}  // namespace

TEST_CASE("progress_aware: the rate of two readings 15% apart predicts the end, and it polls around it") {
  const strategies::ProgressAware p;  // spread 10% of the generating time
  strategies::ProgressAware::State s;
  CHECK(p.first(s).delay == 2s);
  CHECK(p.next(s, reading(2s, 0)).delay == 1s);  // nothing to go by: backs off
  // 10% at 20 s: at least 0.5% a second, so 15% more within 30 s at most.
  CHECK(p.next(s, reading(20s, 0.10)).delay == 30s);
  // 40% at 50 s: 1% a second; 100% at 109.5 s, the window from 89.5 s, every 5 s.
  CHECK(p.next(s, reading(50s, 0.40)).delay == 39500ms);
  const auto seconds = [](strategies::Duration d) { return std::chrono::duration<double>(d).count(); };
  // 79% at 89.5 s: 0.993% a second since the first reading; the end at 110.1 s.
  CHECK(seconds(p.next(s, reading(89500ms, 0.79)).delay) == Approx(10.07 / 2).epsilon(0.01));
  // Stuck at 99% past two spreads after the predicted end: backs off again.
  CHECK(seconds(p.next(s, reading(140s, 0.99)).delay) == Approx(13.48 / 2).epsilon(0.01));
  CHECK(p.next(s, reading(170s, 0.99)).delay == 1s);
  CHECK(p.next(s, reading(171s, 0.99)).delay == 2s);
}

TEST_CASE("progress_aware: two queue positions give the time a place takes and the turn") {
  const strategies::ProgressAware p;
  strategies::ProgressAware::State s;
  p.first(s);
  CHECK(p.next(s, reading(2s, 0, 10)).delay == 1s);
  CHECK(p.next(s, reading(12s, 0, 8)).delay == 40s);  // 5 s a place, 8 places
}

TEST_CASE("progress_aware uses fewer requests than optimal at the same mean delay where progress is informative") {
  const auto aware = testing::run_one(informative({{"kind", "progress_aware"}, {"spread_fraction", 0.02}}));
  const double delay = aware.detection_latency_s.mean;
  const auto optimal = testing::run_one(informative({{"kind", "optimal"}, {"mean_delay_s", delay}}));
  INFO("progress_aware: " << aware.requests.mean << " requests at " << delay << " s; optimal: " << optimal.requests.mean
                          << " at " << optimal.detection_latency_s.mean << " s");
  CHECK(optimal.detection_latency_s.mean <= Approx(delay).epsilon(0.1));
  CHECK(aware.requests.mean < 0.5 * optimal.requests.mean);
  CHECK(aware.false_timeout_rate <= 0.001);  // tasks past its 30-min deadline
}
