#pragma once
// A whole virtual-time run: every selected (strategy, model) pair of a scenario.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reports/result_record.hpp"
#include "bench/run/parallel_map.hpp"
#include "bench/run/workload.hpp"
#include "sim/scenario.hpp"

namespace pollbench::bench {

// What the command line narrows or overrides; empty means "as the scenario says".
struct Selection {
  std::vector<std::string> strategies;
  std::vector<std::string> models;
  std::optional<std::uint64_t> tasks;
  std::optional<std::uint64_t> seed;
};

// Throws InputError for a name the scenario does not have.
sim::Scenario select(sim::Scenario scenario, const Selection& selection);

// `progress`, when given, hears (pairs done, pairs in all) after each pair, one call at a
// time. With a shard, only that shard's pairs run (reports::Shard), and the result says
// which shard. The optimal bounds, and the blocks of tasks of a model's pairs
// (simulate_block), run on up to `threads` threads; the result is the same, byte for
// byte, for any number.
reports::RunResult run_simulation(const Workload& workload,
                                  const std::function<void(std::size_t, std::size_t)>& progress = {},
                                  std::optional<reports::Shard> shard = std::nullopt, unsigned threads = all_cores());

// Joins the JSON results of every shard of one run into exactly what the whole run gives.
// Throws InputError for shards of different runs, or a missing or repeated shard.
reports::RunResult merge_shards(const std::vector<reports::RunResult>& shards);

}  // namespace pollbench::bench
