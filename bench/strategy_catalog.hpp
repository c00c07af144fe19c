#pragma once
// Turns a scenario's strategy entries into strategy objects, checking every parameter.

#include <vector>

#include "sim/scenario.hpp"
#include "strategies/strategy.hpp"

namespace pollbench::bench {

// Throws InputError naming the entry's path for an unknown kind or a bad parameter.
strategies::NamedStrategy make_strategy(const sim::StrategySpec& spec);
std::vector<strategies::NamedStrategy> make_strategies(const std::vector<sim::StrategySpec>& specs);

}  // namespace pollbench::bench
