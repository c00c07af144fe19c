#pragma once
// Turns a scenario's strategy entries into strategy objects, checking every parameter.
// The one list of strategy kinds: parsing, the error for an unknown kind and --help read it.

#include <span>
#include <string_view>
#include <vector>

#include "bench/bound/bound_cache.hpp"
#include "sim/json_fields.hpp"
#include "sim/scenario.hpp"
#include "strategies/strategy.hpp"

namespace pollbench::bench {

struct StrategyKind {
  std::string_view name;
  std::string_view summary;  // one line, for --help
  strategies::Strategy (*parse)(sim::JsonFields&);
};

std::span<const StrategyKind> strategy_kinds();
std::string strategy_kinds_help();

// An entry's typed config, every parameter checked; nothing is computed. Throws
// InputError naming the entry's path for an unknown kind or a bad parameter.
strategies::Strategy parse_strategy(const sim::StrategySpec& spec);

// A parsed strategy bound to the models it will run on: the optimal schedule is computed
// per model here, from the run's bounds, the models on up to `threads` threads. Throws
// InputError naming `path` when no schedule reaches an optimal entry's target on one of
// `models`.
strategies::NamedStrategy bind_strategy(strategies::NamedStrategy parsed, const std::string& path,
                                        const std::vector<sim::ModelProfile>& models, const BoundCache& bounds,
                                        unsigned threads = 1);

// Whether the model's server offers what the strategy needs (long polling, an event
// stream, progress): a pair it cannot run has no row.
bool runs_on(const strategies::Strategy& strategy, const sim::ModelProfile& model);

// Parses an entry and binds it: for configs made on the fly (the tuner's candidates).
strategies::NamedStrategy make_strategy(const sim::StrategySpec& spec, const std::vector<sim::ModelProfile>& models,
                                        const BoundCache& bounds = BoundCache{});

}  // namespace pollbench::bench
