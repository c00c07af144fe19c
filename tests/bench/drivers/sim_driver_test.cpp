#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <sstream>

#include "bench/metrics.hpp"
#include "bench/bound/optimal_schedule.hpp"
#include "bench/drivers/client_block.hpp"
#include "bench/drivers/sim_driver.hpp"
#include "bench/run/simulation_run.hpp"
#include "bench/strategy_catalog.hpp"
#include "basic_poll.hpp"
#include "run_one.hpp"
#include "reports/reporters.hpp"

using namespace pollbench;
using nlohmann::json;
using testing::basic_poll_exact;
using testing::one_model;
using testing::run_one;

TEST_CASE("fixed interval on a constant completion time is exact") {
  const auto r = run_one(one_model({{"kind", "constant"}, {"value_s", 10}}, 0, 1000));
  CHECK(r.requests.mean == 5);  // 0, 3, 6, 9, 12
  CHECK(r.requests.max == 5);
  CHECK(r.detection_latency_s.mean == Approx(2).epsilon(1e-12));
  CHECK(r.detection_latency_s.max == Approx(2).epsilon(1e-12));
  CHECK(r.timeout_rate == 0);
  CHECK(r.peak_rps == 1000);  // every task polls at the same instants
}

TEST_CASE("fixed interval on a lognormal law agrees with the closed form within 1% at 100 000 tasks") {
  // Median 60 s, sigma 0.8: about 9% of tasks outlast the 60 polls, so the limit matters.
  const double sigma = 0.8, c = 0.1;
  const auto exact = testing::basic_poll_exact_lognormal(60, sigma, c);
  const auto r = run_one(one_model({{"kind", "lognormal"}, {"median_s", 60}, {"sigma", sigma}}, c, 100000));
  CHECK(r.requests.mean == Approx(exact.requests).epsilon(0.01));
  CHECK(r.detection_latency_s.mean == Approx(exact.latency).epsilon(0.01));
  CHECK(r.timeout_rate == Approx(exact.timeout).epsilon(0.05));
  CHECK(r.false_timeout_rate == r.timeout_rate);
}

TEST_CASE("fixed interval on an exponential law agrees with the closed form") {
  const double m = 20, c = 0.25;
  auto F = [&](double t) { return t <= 0 ? 0.0 : 1 - std::exp(-t / m); };
  auto M1 = [&](double t) { return t <= 0 ? 0.0 : m - (t + m) * std::exp(-t / m); };
  const auto exact = basic_poll_exact(F, M1, 3.0, c, 60);
  const auto r = run_one(one_model({{"kind", "exponential"}, {"mean_s", m}}, c, 100000));
  CHECK(r.requests.mean == Approx(exact.requests).epsilon(0.01));
  CHECK(r.detection_latency_s.mean == Approx(exact.latency).epsilon(0.01));
}

TEST_CASE("the same seed gives byte-identical JSON - a restricted run keeps its rows' numbers") {
  auto scenario = sim::default_scenario();
  scenario.tasks_per_model = 2000;
  auto json_of = [](const sim::Scenario& s) {
    std::ostringstream out;
    reports::JsonReporter{}.write(bench::run_simulation(s), out);
    return out.str();
  };
  const auto full = bench::run_simulation(scenario);
  CHECK(json_of(scenario) == json_of(scenario));

  const auto narrow =
      bench::run_simulation(bench::select(scenario, {{"concurrent", "adaptive"}, {"suno", "sora-2"}, {}, {}}));
  REQUIRE(narrow.records.size() == 4);
  for (const auto& kept : narrow.records) {
    const auto it = std::find_if(full.records.begin(), full.records.end(),
                                 [&](const auto& r) { return r.model == kept.model && r.strategy == kept.strategy; });
    REQUIRE(it != full.records.end());
    CHECK(it->requests.mean == kept.requests.mean);
    CHECK(it->requests.p99 == kept.requests.p99);
    CHECK(it->detection_latency_s.mean == kept.detection_latency_s.mean);
    CHECK(it->lost_rate == kept.lost_rate);
    CHECK(it->peak_rps == kept.peak_rps);
  }
  // A different seed changes the numbers themselves.
  auto reseeded = bench::run_simulation(bench::select(scenario, {{}, {}, {}, scenario.seed + 1}));
  CHECK(reseeded.records[0].requests.mean != full.records[0].requests.mean);
  CHECK(reseeded.records[0].detection_latency_s.mean != full.records[0].detection_latency_s.mean);
}

TEST_CASE("run --threads: 1, 2 and 7 threads give byte-identical JSON, and the blocks add up to the whole pair") {
  // 140,000 tasks: three blocks of independent tasks a pair. The burst scenario's 100
  // clients share a rate limit, and a concurrent poller is per client: their pairs split
  // into blocks of whole clients.
  const auto plain = bench::select(sim::default_scenario(), {{"adaptive"}, {"nano-banana"}, 140'000, {}});
  const auto burst = bench::select(sim::scenario_named("burst"), {{"fixed_interval"}, {}, 140'000, {}});
  auto rounds = bench::select(sim::default_scenario(), {{"batch_concurrent"}, {"suno"}, 140'000, {}});
  rounds.clients_per_model = 9;
  for (const auto& scenario : {plain, burst, rounds}) {
    const auto json_on = [&](unsigned threads) {
      std::ostringstream out;
      reports::JsonReporter{}.write(bench::run_simulation(bench::Workload(scenario), {}, std::nullopt, threads), out);
      return out.str();
    };
    const auto one = json_on(1);
    CHECK(json_on(2) == one);
    CHECK(json_on(7) == one);
  }
  for (const auto& scenario : {burst, rounds}) {
    const bench::ModelWorld world(scenario, scenario.models[0]);
    for (const auto& named : bench::Workload(scenario).bound()) {
      INFO(named.name);
      REQUIRE(bench::block_count(named.strategy, world) > 1);
      bench::PairTally blocks;
      for (std::size_t b = 0; b < bench::block_count(named.strategy, world); ++b)
        blocks.merge(bench::simulate_block(named.strategy, world, b));
      std::ostringstream whole, merged;
      reports::RunResult a, b;
      a.records.push_back(bench::measure(named.name, "m", bench::simulate(named.strategy, world)));
      b.records.push_back(bench::measure(named.name, "m", blocks));
      reports::JsonReporter{}.write(a, whole);
      reports::JsonReporter{}.write(b, merged);
      CHECK(merged.str() == whole.str());
    }
  }
}

TEST_CASE("strategies run together on a block share its draws and tally as each run alone") {
  // sora-2 draws a lognormal response time and a hint error for every request, and
  // fixed_interval's tasks run past the 32 requests a chunk keeps into draws of their own.
  const auto scenario = bench::select(sim::default_scenario(), {{}, {"sora-2"}, 5'000, {}});
  const bench::ModelWorld world(scenario, scenario.models[0]);
  const auto named = bench::Workload(scenario).bound();
  std::vector<const strategies::Strategy*> together;
  std::vector<std::string> names;
  for (const auto& n : named)
    if (!bench::runs_by_client(n.strategy, world) && bench::runs_on(n.strategy, world.model)) {
      together.push_back(&n.strategy);
      names.push_back(n.name);
    }
  REQUIRE(together.size() >= 8);
  const auto parts = bench::simulate_block_together(together, world, 0);
  REQUIRE(parts.size() == together.size());
  std::uint32_t most_requests = 0;
  for (std::size_t s = 0; s < together.size(); ++s) {
    INFO(names[s]);
    const auto alone = bench::simulate(*together[s], world);
    for (const auto& t : alone.tasks) most_requests = std::max(most_requests, t.requests);
    std::ostringstream a, b;
    reports::RunResult ra, rb;
    ra.records.push_back(bench::measure(names[s], "m", alone));
    rb.records.push_back(bench::measure(names[s], "m", parts[s]));
    reports::JsonReporter{}.write(ra, a);
    reports::JsonReporter{}.write(rb, b);
    CHECK(b.str() == a.str());
  }
  CHECK(most_requests > bench::SharedDraws::attempts);
}

TEST_CASE("a world kept for many replays gives every strategy the same numbers as one drawn afresh") {
  // sora-2 hints and draws a lognormal response time: both kept draws are exercised,
  // and backoff's tasks run past the 64 kept requests into fresh draws.
  const auto scenario = bench::select(sim::default_scenario(), {{}, {"sora-2"}, 300, {}});
  const bench::ModelWorld fresh(scenario, scenario.models[0]), kept(scenario, scenario.models[0], bench::Replays::many);
  for (const auto& named : bench::Workload(scenario).bound()) {
    INFO(named.name);
    std::ostringstream a, b;
    reports::RunResult ra, rb;
    ra.records.push_back(bench::measure(named.name, "m", bench::simulate(named.strategy, fresh)));
    rb.records.push_back(bench::measure(named.name, "m", bench::simulate(named.strategy, kept)));
    reports::JsonReporter{}.write(ra, a);
    reports::JsonReporter{}.write(rb, b);
    CHECK(a.str() == b.str());
  }
  // Beyond the 20,000 tasks a kept world keeps, tasks are drawn as in any world.
  const auto many = bench::select(sim::default_scenario(), {{"adaptive"}, {"sora-2"}, 20'100, {}});
  const bench::ModelWorld fresh_many(many, many.models[0]), kept_many(many, many.models[0], bench::Replays::many);
  const auto adaptive = bench::Workload(many).bound().front().strategy;  // a copy: bound() returns by value
  const auto fresh_tasks = bench::simulate(adaptive, fresh_many).tasks,
             kept_tasks = bench::simulate(adaptive, kept_many).tasks;
  REQUIRE(fresh_tasks.size() == kept_tasks.size());
  for (std::size_t i = 19'900; i < fresh_tasks.size(); ++i) {
    REQUIRE(fresh_tasks[i].known_at == kept_tasks[i].known_at);
    REQUIRE(fresh_tasks[i].requests == kept_tasks[i].requests);
  }
}

TEST_CASE("one request error crashes a concurrent poller: its other tasks are lost") {
  auto s = one_model({{"kind", "constant"}, {"value_s", 60}}, 0.05, 40, {{"kind", "concurrent"}});
  s.models[0].faults.http_500 = 0.01;
  s.clients_per_model = 1;
  const auto r = run_one(s);
  // 40 tasks polled together for ~20 rounds: a 500 comes almost surely, and nothing restarts the poller.
  CHECK(r.lost_rate > 0.9);
  CHECK(r.wrong_outcome_rate == 0);

  s.models[0].faults.http_500 = 0;
  const auto clean = run_one(s);
  CHECK(clean.lost_rate == 0);
  CHECK(clean.requests.mean == 21);  // rounds at 0, 3.05, ... ; 60 s is seen on the 21st
  CHECK(clean.peak_rps == 40);
}

TEST_CASE("webhooks: no requests - lost deliveries and hangs are never reported") {
  auto s = one_model({{"kind", "constant"}, {"value_s", 30}}, 0, 20000, {{"kind", "webhook"}});
  s.models[0].webhook = {sim::Constant{0.5}, 0.05, 0.0};
  s.models[0].hang_rate = 0.01;
  const auto r = run_one(s);
  CHECK(r.requests.max == 0);
  CHECK(r.lost_rate == Approx(0.01 + 0.99 * 0.05).margin(0.005));
  CHECK(r.detection_latency_s.max == Approx(0.5));
}

TEST_CASE("metrics: nearest-rank percentiles") {
  const auto s = bench::summarize({5, 1, 4, 2, 3, 6, 7, 8, 9, 10});
  CHECK(s.mean == 5.5);
  CHECK(s.p50 == 5);
  CHECK(s.p95 == 10);
  CHECK(s.max == 10);
}

TEST_CASE("pinned figures for a fixed seed: any change to the numbers is deliberate") {
  // Regenerate with: pollbench run --tasks 2000 --models sora-2,veo-3-1 --strategies adaptive,resilient --format json
  // and update baselines/default.json in the same commit.
  auto scenario = bench::select(sim::default_scenario(), {{"adaptive", "resilient"}, {"sora-2", "veo-3-1"}, 2000, {}});
  const auto run = bench::run_simulation(scenario);
  REQUIRE(run.records.size() == 4);
  CHECK(run.records[0].requests.mean == 13.563);
  CHECK(run.records[0].detection_latency_s.mean == Approx(8.143305822391559).epsilon(1e-12));
  CHECK(run.records[0].false_timeout_rate == 0.038);
  CHECK(run.records[1].requests.mean == 54.323);
  CHECK(run.records[3].requests.mean == 45.2275);
  CHECK(run.records[3].detection_latency_s.mean == Approx(1.7789754638297872).epsilon(1e-12));
}

TEST_CASE("resilient retries a failure whose message says network until its time limit") {
  auto s = one_model({{"kind", "constant"}, {"value_s", 10}}, 0, 1000, {{"kind", "resilient"}});
  s.models[0].failure = {0.5, "500", "upstream network error", sim::Constant{5}};
  const auto r = run_one(s);
  CHECK(r.timeout_rate == Approx(0.5).margin(0.05));  // every failed task ends in Timeout
  CHECK(r.false_timeout_rate == r.timeout_rate);
  // Polls at 0 and 3 s (elapsed 6 s of 300), then 98 rounds of 3 requests from 6 s.
  CHECK(r.requests.max == 2 + 98 * 3);
}

TEST_CASE("a response slower than the client's request timeout is a timeout") {
  auto s = one_model({{"kind", "constant"}, {"value_s", 10}}, 45, 100);
  const auto r = run_one(s);
  CHECK(r.error_rate == 1);  // basicPoll does not catch the ECONNABORTED
}

TEST_CASE("a crashed concurrent poller resumes its tasks when a later submission calls start()") {
  auto s = one_model({{"kind", "constant"}, {"value_s", 30}}, 0, 2, {{"kind", "concurrent"}});
  s.arrival = {sim::ArrivalKind::poisson, {}, 1.0 / 20};
  s.models[0].faults.http_503 = 0.2;
  const auto r = run_one(s);
  CHECK(r.tasks == 2);
  s.tasks_per_model = 400;
  s.clients_per_model = 4;
  const auto many = run_one(s);
  // With 100 submissions per client spread over time, crashes are followed by restarts:
  // most tasks are still reported, late; only those left after the last submission are lost.
  CHECK(many.lost_rate < 0.2);
  CHECK(many.detection_latency_s.max > 10);
}

TEST_CASE("the optimal strategy's simulated means match its computed expectation within 1% at 100 000 tasks") {
  auto s = one_model({{"kind", "lognormal"}, {"median_s", 10}, {"sigma", 0.5}}, 0, 100000,
                     {{"kind", "optimal"}, {"mean_delay_s", 1.5}, {"deadline_s", 60}});
  s.models[0].failure = {0.05, "500", "failed", sim::Exponential{3}};
  s.models[0].hang_rate = 0.02;
  const bench::OptimalBound bound(bench::CompletionLaw::of(s.models[0]), sim::Seconds{60});
  const auto expected = bound.at_mean_delay(sim::Seconds{1.5});
  REQUIRE(expected.has_value());
  const auto r = run_one(s);
  CHECK(r.requests.mean == Approx(expected->cost.requests).epsilon(0.01));
  CHECK(r.detection_latency_s.mean == Approx(expected->cost.mean_delay_s()).epsilon(0.01));
  CHECK(r.timeout_rate == Approx(1 - expected->cost.finished).margin(0.002));
  CHECK(r.requests.max == static_cast<double>(expected->polls.size()));
  // It is on the frontier it was computed from.
  REQUIRE(r.efficiency.has_value());
}

TEST_CASE("burst scenario: jitter cuts the peak request rate at similar mean requests") {
  const auto run = bench::run_simulation(bench::select(sim::scenario_named("burst"), {{}, {}, 5000, {}}));
  auto row = [&](const std::string& strategy) {
    for (const auto& r : run.records)
      if (r.strategy == strategy) return r;
    FAIL("no row " << strategy);
    return reports::ResultRecord{};
  };
  const auto lockstep = row("capped_exponential"), equal = row("backoff_equal_jitter"),
             full = row("backoff_full_jitter");
  CHECK(lockstep.peak_rps == 5000);  // every task polls at the same instant
  CHECK(equal.peak_rps < 0.6 * lockstep.peak_rps);
  CHECK(full.peak_rps < 0.6 * lockstep.peak_rps);
  CHECK(equal.requests.mean == Approx(lockstep.requests.mean).epsilon(0.25));
  CHECK(full.requests.mean == Approx(lockstep.requests.mean).epsilon(0.25));
}

TEST_CASE("the corrected concurrent poller survives request errors that sink the guide's") {
  auto s = one_model({{"kind", "constant"}, {"value_s", 60}}, 0.05, 40, {{"kind", "corrected_concurrent"}});
  s.models[0].faults.http_500 = 0.01;
  s.clients_per_model = 1;
  const auto r = run_one(s);
  CHECK(r.lost_rate == 0);
  CHECK(r.wrong_outcome_rate == 0);
  CHECK(r.timeout_rate == 0);
  // Unknown model: the guide's fallback, rounds every 5 s.
  CHECK(r.requests.mean == Approx(13).margin(0.5));
}

TEST_CASE("hybrid webhook: the callback reports most tasks - fallback polls catch lost ones - hangs time out") {
  auto s =
      one_model({{"kind", "constant"}, {"value_s", 30}}, 0, 20000,
                {{"kind", "hybrid_webhook"}, {"initial_ms", 60000}, {"interval_ms", 30000}, {"deadline_ms", 600000}});
  s.models[0].webhook = {sim::Constant{0.5}, 0.05, 0.3};
  s.models[0].hang_rate = 0.01;
  const auto r = run_one(s);
  CHECK(r.lost_rate == 0);
  CHECK(r.timeout_rate == Approx(0.01).margin(0.003));  // the hangs, after 600 s
  // Delivered tasks: known at 30.5 s with no request; lost deliveries: found by the poll at 60 s.
  CHECK(r.detection_latency_s.p50 == Approx(0.5));
  CHECK(r.detection_latency_s.max == Approx(30));
  CHECK(r.requests.p50 == 0);
  // One fallback poll for each lost delivery (5%), 19 polls (60 s to 600 s) for each hang.
  CHECK(r.requests.mean == Approx((1 - r.timeout_rate) * 0.05 + r.timeout_rate * 19).margin(0.005));
}

TEST_CASE(
    "contention: a per-key rate limit turns the herd into 429s - the guide's backoff dies of them - jitter avoids "
    "them") {
  const auto run = bench::run_simulation(sim::scenario_named("burst"));  // 100 tasks per client, 40 burst
  auto row = [&](const std::string& strategy) {
    for (const auto& r : run.records)
      if (r.strategy == strategy) return r;
    FAIL("no row " << strategy);
    return reports::ResultRecord{};
  };
  const auto guide = row("exponential_backoff"), lockstep = row("capped_exponential");
  CHECK(guide.wrong_outcome_rate > 0.5);    // a 429 is an exception it never catches
  CHECK(lockstep.wrong_outcome_rate == 0);  // it waits out the Retry-After instead
  CHECK(lockstep.http_429 > 10000);
  CHECK(row("backoff_equal_jitter").http_429 < lockstep.http_429 / 2);
  CHECK(row("backoff_decorrelated_jitter").http_429 < lockstep.http_429 / 20);
  CHECK(lockstep.p99_rps <= lockstep.peak_rps);
}

TEST_CASE("a poll-after hint carries information the unconditional bound does not have") {
  auto s =
      one_model({{"kind", "lognormal"}, {"median_s", 180}, {"sigma", 0.6}}, 0.1, 5000, {{"kind", "server_hinted"}});
  s.models[0].poll_after_hint.enabled = true;
  const auto r = run_one(s);
  REQUIRE(r.efficiency.has_value());
  CHECK(*r.efficiency > 2);  // fewer requests than any schedule blind to the hint
  CHECK(r.timeout_rate == 0);
  s.models[0].poll_after_hint.enabled = false;
  const auto blind = run_one(s);
  CHECK(blind.requests.mean > 3 * r.requests.mean);  // without hints it polls every 2 s
}

TEST_CASE("batch status polling: one request per batch of ids - same detection as polling each") {
  auto batch_of = [](sim::Scenario s) {
    s.strategies[0] = {"batch_concurrent", "batch_concurrent", {{"kind", "batch_concurrent"}, {"max_batch", 50}}, "b"};
    return s;
  };
  // 100 tasks that all finish at 60 s, one client: every round asks for all 100, in 2 batches.
  auto same = one_model({{"kind", "constant"}, {"value_s", 60}}, 0.05, 100, {{"kind", "corrected_concurrent"}});
  const auto each = run_one(same), batched = run_one(batch_of(same));
  CHECK(batched.requests.mean == Approx(each.requests.mean / 50).epsilon(1e-9));
  CHECK(batched.detection_latency_s.mean == Approx(each.detection_latency_s.mean).epsilon(1e-9));
  // Spread completions: the last stragglers pay for a batch of their own, so less than 50x.
  auto spread = one_model({{"kind", "lognormal"}, {"median_s", 30}, {"sigma", 0.5}}, 0.05, 2000,
                          {{"kind", "corrected_concurrent"}});
  spread.clients_per_model = 10;
  const auto each2 = run_one(spread), batched2 = run_one(batch_of(spread));
  CHECK(batched2.requests.mean < each2.requests.mean / 10);
  CHECK(batched2.detection_latency_s.mean == Approx(each2.detection_latency_s.mean).epsilon(0.01));
  CHECK(batched2.peak_rps < each2.peak_rps / 10);
  CHECK(batched2.lost_rate == 0);
}

TEST_CASE("a block of clients gives each of its tasks its own slot - and back") {
  const bench::ClientBlock block{2, 5, 7, 100};
  std::set<std::uint64_t> slots;
  for (std::uint64_t task = 0; task < block.tasks; ++task) {
    const auto client = task % block.clients;
    if (client < block.first || client >= block.last) continue;
    const auto slot = block.slot(task);
    REQUIRE(slot < block.slots());
    REQUIRE(block.task(slot) == task);
    REQUIRE(block.holds(slot));
    slots.insert(slot);
  }
  CHECK(slots.size() == 42);  // clients 2, 3 and 4 of 7 among 100 tasks: 14 each
  // A client's tasks are side by side: client 3's are slots 15 to 28.
  CHECK(block.slot(3) == 15);
  CHECK(block.slot(3 + 13 * 7) == 28);
  CHECK_FALSE(block.holds(14));  // client 2's fifteenth task would be task 100
}
