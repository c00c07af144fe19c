// Simulated status requests per second of the virtual-time driver, per strategy, and
// how the cost per task behaves as the task count grows.

#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <span>

#include "bench/drivers/sim_driver.hpp"
#include "bench/value_histogram.hpp"
#include "bench/strategy_catalog.hpp"

namespace {

using namespace pollbench;

sim::Scenario scenario_with(std::uint64_t tasks) {
  auto s = sim::default_scenario();
  s.tasks_per_model = tasks;
  return s;
}

// One strategy on one model of the default scenario; reports requests/s and tasks/s.
void simulate_pair(benchmark::State& state, const char* strategy, const char* model) {
  const auto scenario = scenario_with(static_cast<std::uint64_t>(state.range(0)));
  const bench::ModelWorld world(scenario, *scenario.find_model(model));
  strategies::Strategy chosen;
  for (const auto& spec : scenario.strategies)
    if (spec.name == strategy) chosen = bench::make_strategy(spec, scenario.models).strategy;
  std::uint64_t requests = 0;
  for (auto _ : state) {
    const auto outcome = bench::simulate(chosen, world);
    for (const auto& t : outcome.tasks) requests += t.requests;
    benchmark::DoNotOptimize(outcome.tasks.data());
  }
  state.counters["requests/s"] = benchmark::Counter(static_cast<double>(requests), benchmark::Counter::kIsRate);
  state.counters["tasks/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * state.range(0)), benchmark::Counter::kIsRate);
}

void BM_FixedInterval_Sora(benchmark::State& s) { simulate_pair(s, "fixed_interval", "sora-2"); }
void BM_Adaptive_Sora(benchmark::State& s) { simulate_pair(s, "adaptive", "sora-2"); }
void BM_Backoff_Flux(benchmark::State& s) { simulate_pair(s, "exponential_backoff", "flux-2"); }
void BM_Resilient_Veo(benchmark::State& s) { simulate_pair(s, "resilient", "veo-3-1"); }
void BM_Concurrent_Sora(benchmark::State& s) { simulate_pair(s, "concurrent", "sora-2"); }

// Drawing each task's truth, arrival and first fault, as every strategy's driver does.
void BM_WorldTasks(benchmark::State& state) {
  const auto scenario = scenario_with(static_cast<std::uint64_t>(state.range(0)));
  for (auto _ : state) {
    const bench::ModelWorld world(scenario, scenario.models[2]);
    for (std::uint64_t task = 0; task < world.tasks; ++task) {
      const bench::WorldTask drawn(world, task);
      benchmark::DoNotOptimize(drawn);
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// Issue 14's plain scenario: one model whose tasks take lognormal(median 10 s, sigma 0.5),
// no response time, no faults, polled by the guide's adaptive (10 s, then every 5 s).
// Run as `run` runs it, block by block into one tally: no per-task records.
sim::Scenario plain_scenario(std::uint64_t tasks) {
  sim::ModelProfile plain;
  plain.name = "plain";
  plain.key = sim::model_key(plain.name);
  plain.completion = sim::LogNormal::from_median(10, 0.5);
  sim::Scenario s;
  s.name = "plain";
  s.seed = 1;
  s.tasks_per_model = tasks;
  s.clients_per_model = tasks;
  s.models = {plain};
  return s;
}

void BM_Plain_Adaptive(benchmark::State& state) {
  const auto scenario = plain_scenario(static_cast<std::uint64_t>(state.range(0)));
  const bench::ModelWorld world(scenario, scenario.models[0]);
  const strategies::Strategy adaptive = strategies::Adaptive{};
  std::uint64_t requests = 0;
  for (auto _ : state) {
    bench::PairTally whole;
    for (std::size_t b = 0, n = bench::block_count(adaptive, world); b < n; ++b)
      whole.merge(bench::simulate_block(adaptive, world, b));
    const auto record = bench::measure("adaptive", "plain", whole);
    requests += static_cast<std::uint64_t>(std::llround(record.requests.mean * static_cast<double>(record.tasks)));
  }
  state.counters["requests/s"] = benchmark::Counter(static_cast<double>(requests), benchmark::Counter::kIsRate);
  state.counters["ns/task"] = benchmark::Counter(static_cast<double>(state.iterations() * state.range(0)),
                                                 benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// What a task of the plain scenario costs before its client runs: its truth, drawn a
// chunk at a time (draw_truths, as the driver does), and the two values a row adds for
// it. The rest of BM_Plain_Adaptive's time per task is the client's requests.
void BM_Plain_DrawsAndTally(benchmark::State& state) {
  const auto scenario = plain_scenario(static_cast<std::uint64_t>(state.range(0)));
  const bench::ModelWorld world(scenario, scenario.models[0]);
  std::array<sim::TaskTruth, 256> truths;
  for (auto _ : state) {
    bench::ValueHistogram requests, latency;
    for (std::uint64_t first = 0; first < world.tasks; first += truths.size()) {
      const auto chunk = std::span(truths).first(std::min<std::uint64_t>(truths.size(), world.tasks - first));
      world.truths(first, chunk);
      for (const auto& t : chunk) {
        requests.add(std::uint64_t{2} << 32);
        latency.add(static_cast<std::uint64_t>(t.terminal_at.count()) % 5'000'000);
      }
    }
    benchmark::DoNotOptimize(latency.mean());
  }
  state.counters["ns/task"] = benchmark::Counter(static_cast<double>(state.iterations() * state.range(0)),
                                                 benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

}  // namespace

BENCHMARK(BM_Plain_Adaptive)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Plain_DrawsAndTally)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FixedInterval_Sora)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Adaptive_Sora)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Backoff_Flux)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Resilient_Veo)->Arg(10'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Concurrent_Sora)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WorldTasks)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
