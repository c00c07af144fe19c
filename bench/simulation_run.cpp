#include "bench/simulation_run.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "bench/metrics.hpp"
#include "bench/optimal_schedule.hpp"
#include "bench/sim_driver.hpp"
#include "bench/strategy_catalog.hpp"
#include "bench/version.hpp"
#include "sim/input_error.hpp"

namespace pollbench::bench {

namespace {

// Keeps the items named in `wanted`, in the scenario's order so rows never reorder.
template <class Item, class NameOf>
std::vector<Item> keep_named(const std::vector<Item>& items, const std::vector<std::string>& wanted,
                             const std::string& flag, NameOf name_of) {
  if (wanted.empty()) return items;
  for (const auto& w : wanted) {
    if (std::none_of(items.begin(), items.end(), [&](const Item& i) { return name_of(i) == w; })) {
      std::vector<std::string> known;
      for (const auto& i : items) known.push_back(name_of(i));
      throw InputError(flag, fmt::format("unknown name \"{}\" (this scenario has: {})", w, fmt::join(known, ", ")));
    }
  }
  std::vector<Item> kept;
  for (const auto& i : items)
    if (std::find(wanted.begin(), wanted.end(), name_of(i)) != wanted.end()) kept.push_back(i);
  return kept;
}

}  // namespace

sim::Scenario select(sim::Scenario scenario, const Selection& selection) {
  scenario.models = keep_named(scenario.models, selection.models, "--models", [](const auto& m) { return m.name; });
  scenario.strategies =
      keep_named(scenario.strategies, selection.strategies, "--strategies", [](const auto& s) { return s.name; });
  if (selection.tasks) {
    if (*selection.tasks == 0) throw InputError("--tasks", "must be at least 1");
    scenario.tasks_per_model = *selection.tasks;
  }
  if (selection.seed) scenario.seed = *selection.seed;
  return scenario;
}

reports::RunResult run_simulation(const sim::Scenario& scenario,
                                  const std::function<void(std::size_t, std::size_t)>& progress) {
  const auto strategies = make_strategies(scenario.strategies, scenario.models);
  reports::RunResult run;
  run.version = version;
  run.scenario = scenario.name;
  run.mode = "sim";
  run.seed = scenario.seed;
  for (const auto& model : scenario.models) {
    const ModelWorld world(scenario, model);
    const OptimalBound bound(CompletionLaw::of(model), bound_deadline(model));
    run.frontiers.push_back({model.name, bound.frontier()});
    for (const auto& [name, strategy] : strategies) {
      run.records.push_back(measure(name, model.name, simulate(strategy, world)));
      run.records.back().efficiency = efficiency_of(run.records.back(), bound);
      if (progress) progress(run.records.size(), scenario.models.size() * strategies.size());
    }
  }
  return run;
}

}  // namespace pollbench::bench
