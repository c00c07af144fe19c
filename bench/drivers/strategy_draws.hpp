#pragma once
// Where a strategy's random draws come from, the same in every driver: attempt k of a
// task's keyed strategy stream (0 is the first step's), drawn only for policies that jitter.

#include "bench/drivers/model_world.hpp"
#include "sim/random_stream.hpp"
#include "strategies/contract.hpp"

namespace pollbench::bench {

inline double strategy_uniform(const ModelWorld& world, std::uint64_t task, std::uint32_t attempt) {
  return sim::RandomStream({world.seed, world.model.key, task, sim::Purpose::strategy, attempt}).uniform();
}

// The draw a policy's step after `attempt` requests gets; a fixed 0.5 for one that never jitters.
template <strategies::TaskPolicy Policy>
double draw_for(const ModelWorld& world, std::uint64_t task, std::uint32_t attempt) {
  if constexpr (strategies::Jittered<Policy>)
    return strategy_uniform(world, task, attempt);
  else
    return 0.5;
}

}  // namespace pollbench::bench
