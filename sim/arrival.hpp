#pragma once
// When each task of a model is submitted, relative to the start of the run.

#include <cstdint>
#include <vector>

#include "sim/scenario.hpp"

namespace pollbench::sim {

// Throws InputError unless poisson arrivals of `tasks` tasks span at most
// limits::max_arrival_span_s (tasks / rate_per_s): checked when a scenario is read and
// again once --tasks has set the task count. (A window is checked when read.)
void check_arrival_span(const Arrival& arrival, std::uint64_t tasks);

std::vector<Time> arrival_times(const Arrival& arrival, std::uint64_t seed, std::uint64_t model, std::uint64_t tasks);

}  // namespace pollbench::sim
