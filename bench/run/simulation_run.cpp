#include "bench/run/simulation_run.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <mutex>

#include "bench/bound/bound_cache.hpp"
#include "bench/bound/fair_efficiency.hpp"
#include "bench/metrics.hpp"
#include "bench/run/parallel_map.hpp"
#include "bench/run/shard_order.hpp"
#include "bench/drivers/sim_driver.hpp"
#include "bench/strategy_catalog.hpp"
#include "bench/version.hpp"
#include "sim/arrival.hpp"
#include "sim/input_error.hpp"
#include "sim/limits.hpp"

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
    if (*selection.tasks == 0 || *selection.tasks > sim::limits::max_tasks_per_model)
      throw InputError("--tasks", fmt::format("must be 1 to {}", sim::limits::max_tasks_per_model));
    scenario.tasks_per_model = *selection.tasks;
    sim::check_arrival_span(scenario.arrival, scenario.tasks_per_model);
  }
  if (selection.seed) scenario.seed = *selection.seed;
  return scenario;
}

namespace {

// What one pair's job gives back: its row, and the model's frontier with its first pair.
struct PairRow {
  reports::ResultRecord record;
  std::optional<reports::Frontier> frontier;
};

}  // namespace

reports::RunResult run_simulation(const Workload& workload,
                                  const std::function<void(std::size_t, std::size_t)>& progress,
                                  std::optional<reports::Shard> shard, unsigned threads) {
  const auto& scenario = workload.scenario;
  const BoundCache bounds;
  const auto strategies = workload.bound(bounds, threads);
  reports::RunResult run;
  run.version = version;
  run.scenario = scenario.name;
  run.mode = "sim";
  run.seed = scenario.seed;
  run.shard = shard;
  const auto part = shard.value_or(reports::Shard{});
  const std::size_t per_model = strategies.size();
  // This shard's strategies of each model, of those the model's server can run.
  // The model's frontier travels with its first pair that runs, owned or not.
  std::vector<std::vector<std::size_t>> owned(scenario.models.size());
  std::vector<std::size_t> first_pair(scenario.models.size(), per_model);
  std::size_t total = 0, pair = 0;
  for (std::size_t m = 0; m < scenario.models.size(); ++m)
    for (std::size_t s = 0; s < per_model; ++s) {
      if (!runs_on(strategies[s].strategy, scenario.models[m])) continue;
      first_pair[m] = std::min(first_pair[m], s);
      if (part.owns(pair++)) {
        owned[m].push_back(s);
        ++total;
      }
    }
  std::mutex progress_mutex;
  std::size_t done = 0;
  for (std::size_t m = 0; m < scenario.models.size(); ++m) {
    const auto& mine = owned[m];
    if (mine.empty()) continue;
    const auto& model = scenario.models[m];
    const ModelWorld world(scenario, model);
    const auto& bound = bounds.of(model);
    const auto toll = RequestToll::of(model);
    // Every block of every pair of the model on the threads, a window of blocks at a
    // time so that few tallies wait to be merged; each pair's merged in block order. The
    // pairs whose tasks do not meet in a client run each block together, drawing its
    // tasks once for all of them: in one group, or in as many as keep the threads busy
    // when there are fewer blocks than threads (the default run's are one block).
    struct Job {
      std::vector<std::size_t> pairs;  // among `mine`
      std::size_t block;
    };
    std::vector<std::size_t> together, by_client;
    for (std::size_t i = 0; i < mine.size(); ++i)
      (runs_by_client(strategies[mine[i]].strategy, world) ? by_client : together).push_back(i);
    std::vector<Job> jobs;
    if (!together.empty()) {
      const auto blocks = block_count(strategies[mine[together.front()]].strategy, world);
      const auto groups = std::clamp<std::size_t>(std::max(1u, threads) / blocks, 1, together.size());
      for (std::size_t b = 0; b < blocks; ++b)
        for (std::size_t g = 0; g < groups; ++g)
          jobs.push_back({{together.begin() + static_cast<std::ptrdiff_t>(g * together.size() / groups),
                           together.begin() + static_cast<std::ptrdiff_t>((g + 1) * together.size() / groups)},
                          b});
    }
    for (const auto i : by_client)
      for (std::size_t b = 0, n = block_count(strategies[mine[i]].strategy, world); b < n; ++b)
        jobs.push_back({{i}, b});
    std::vector<PairTally> pairs(mine.size());
    const std::size_t window = 4 * std::size_t{std::max(1u, threads)};
    for (std::size_t first = 0; first < jobs.size(); first += window) {
      const auto in_window = std::min(window, jobs.size() - first);
      auto parts = parallel_map(in_window, threads, [&](std::size_t k) {
        const auto& job = jobs[first + k];
        if (job.pairs.size() == 1)
          return std::vector{simulate_block(strategies[mine[job.pairs[0]]].strategy, world, job.block)};
        std::vector<const strategies::Strategy*> group;
        for (const auto i : job.pairs) group.push_back(&strategies[mine[i]].strategy);
        return simulate_block_together(group, world, job.block);
      });
      for (std::size_t k = 0; k < in_window; ++k)
        for (std::size_t j = 0; j < jobs[first + k].pairs.size(); ++j)
          pairs[jobs[first + k].pairs[j]].merge(parts[k][j]);
    }
    auto rows = parallel_map(mine.size(), threads, [&](std::size_t i) {
      const auto& strategy = strategies[mine[i]];
      PairRow row{measure(strategy.name, model.name, pairs[i]), std::nullopt};
      if (!strategies::uses_callbacks(strategy.strategy)) {
        row.record.informed = strategies::uses_information(strategy.strategy);
        row.record.efficiency = fair_efficiency(row.record, pairs[i].tally.effort(), model, toll, bounds);
      }
      // The frontier travels with the model's first pair, so a merge puts it back in place.
      if (mine[i] == first_pair[m]) row.frontier = reports::Frontier{model.name, frontier_paying(bound, toll)};
      if (progress) {
        const std::scoped_lock lock(progress_mutex);
        progress(++done, total);
      }
      return row;
    });
    for (auto& row : rows) {
      if (row.frontier) run.frontiers.push_back(std::move(*row.frontier));
      run.records.push_back(std::move(row.record));
    }
  }
  return run;
}

reports::RunResult merge_shards(const std::vector<reports::RunResult>& shards) {
  const auto same_run = [](const auto& a, const auto& b) {
    return a.version == b.version && a.scenario == b.scenario && a.mode == b.mode && a.seed == b.seed;
  };
  auto merged = merge_in_order(shards, same_run, &reports::RunResult::records);
  // A model's frontier goes back in where its first pair does.
  merged.frontiers.clear();
  for (std::size_t i = 0; i < merged.records.size(); ++i) {
    const auto& model = merged.records[i].model;
    if (i > 0 && merged.records[i - 1].model == model) continue;
    for (const auto& s : shards)
      for (const auto& f : s.frontiers)
        if (f.model == model) merged.frontiers.push_back(f);
  }
  return merged;
}

}  // namespace pollbench::bench
