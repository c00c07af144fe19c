#pragma once
// Where a strategy's random draws come from, the same in every driver: attempt k of a
// task's keyed strategy stream (0 is the first poll's), and only for policies that jitter.

#include "bench/sim_driver.hpp"
#include "sim/random_stream.hpp"

namespace pollbench::bench {

template <class Policy>
constexpr bool jitters = requires(const Policy& p, typename Policy::State& s) { p.first(s, 0.5); };

inline double strategy_uniform(const ModelWorld& world, std::uint64_t task, std::uint32_t attempt) {
  return sim::RandomStream({world.seed, world.model.key, task, sim::Purpose::strategy, attempt}).uniform();
}

template <class Policy>
strategies::Decision first_decision(const Policy& policy, typename Policy::State& state, const ModelWorld& world,
                                    std::uint64_t task) {
  if constexpr (jitters<Policy>) return policy.first(state, strategy_uniform(world, task, 0));
  else return policy.first(state);
}

}  // namespace pollbench::bench
