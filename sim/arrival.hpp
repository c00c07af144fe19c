#pragma once
// When each task of a model is submitted, relative to the start of the run.

#include <cstdint>
#include <vector>

#include "sim/scenario.hpp"

namespace pollbench::sim {

std::vector<Time> arrival_times(const Arrival& arrival, std::uint64_t seed, std::uint64_t model, std::uint64_t tasks);

}  // namespace pollbench::sim
