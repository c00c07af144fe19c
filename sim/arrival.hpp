#pragma once
// When each task of a model is submitted, relative to the start of the run. Computed on
// demand, so memory does not grow with the task count: all-at-once and window arrivals
// are one draw per task; Poisson arrivals are a running sum of gaps, kept at every
// 16th task, so any one costs at most 16 gaps (0.5 bytes a task).

#include <cstdint>
#include <vector>

#include "sim/scenario.hpp"

namespace pollbench::sim {

// Throws InputError unless poisson arrivals of `tasks` tasks span at most
// limits::max_arrival_span_s (tasks / rate_per_s): checked when a scenario is read and
// again once --tasks has set the task count. (A window is checked when read.)
void check_arrival_span(const Arrival& arrival, std::uint64_t tasks);

class ArrivalTimes {
 public:
  ArrivalTimes(const Arrival& arrival, std::uint64_t seed, std::uint64_t model, std::uint64_t tasks);

  Time at(std::uint64_t task) const;

 private:
  static constexpr std::uint64_t checkpoint_every = 16;

  double poisson_gap_s(std::uint64_t task) const;

  Arrival arrival_;
  std::uint64_t seed_;
  std::uint64_t model_;
  std::vector<double> poisson_clock_s_;  // the running sum before task 16 i
};

}  // namespace pollbench::sim
