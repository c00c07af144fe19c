// Simulated status requests per second of the virtual-time driver, per strategy, and
// how the cost per task behaves as the task count grows.

#include <benchmark/benchmark.h>

#include "bench/drivers/sim_driver.hpp"
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

}  // namespace

BENCHMARK(BM_FixedInterval_Sora)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Adaptive_Sora)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Backoff_Flux)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Resilient_Veo)->Arg(10'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Concurrent_Sora)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WorldTasks)->Arg(10'000)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
