#pragma once
// Turns a scenario's strategy entries into strategy objects, checking every parameter.

#include <vector>

#include "sim/scenario.hpp"
#include "strategies/strategy.hpp"

namespace pollbench::bench {

// Throws InputError naming the entry's path for an unknown kind or a bad parameter.
// `models` are those the strategy will run on: the optimal schedule is computed per model.
strategies::NamedStrategy make_strategy(const sim::StrategySpec& spec, const std::vector<sim::ModelProfile>& models);
std::vector<strategies::NamedStrategy> make_strategies(const std::vector<sim::StrategySpec>& specs,
                                                       const std::vector<sim::ModelProfile>& models);

}  // namespace pollbench::bench
