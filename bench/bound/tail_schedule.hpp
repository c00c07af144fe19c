#pragma once
// The fewest expected requests under a limit on the tail of the detection delay: at most
// a share of the tasks finished by the deadline wait longer than a delay (a p95 limit is
// share 5%). Dynamic programming of the same kind as the mean-delay one
// (optimal_schedule.hpp) on a uniform grid a whole fraction of the delay fine (a sixteenth, or coarser
// for a deadline over 94 delays long), with the late
// mass still allowed as a second coordinate of the state.

#include <optional>
#include <vector>

#include "bench/bound/optimal_schedule.hpp"

namespace pollbench::bench {

struct TailLimit {
  sim::Seconds delay{};
  double share = 0.05;  // of the tasks finished by the deadline that may wait longer
};

struct TailSchedule {
  std::vector<sim::Seconds> polls;  // increasing; the last is the deadline
  double requests = 0;              // E[N]
  double late_share = 0;            // P(delay > limit.delay | finished by the deadline)
};

// Nothing when the deadline is not after the delay or more than 1,499 delays long (the
// grid, a whole fraction of the delay, would be too fine), or the share is not in (0, 1).
std::optional<TailSchedule> tail_optimal(const CompletionLaw& law, sim::Seconds deadline, TailLimit limit);

}  // namespace pollbench::bench
