#pragma once
// The two knobs the guide's basicPoll and its TaskPoller share: a fixed interval and a
// cap on attempts, counted per task.

#include <tuple>

#include "strategies/observation.hpp"
#include "sim/named_member.hpp"

namespace pollbench::strategies {

struct IntervalAttempts {
  Duration interval = std::chrono::milliseconds{3000};
  std::uint32_t max_attempts = 60;

  struct State {
    std::uint32_t attempts = 0;
  };

  // A task's first poll goes at once (the TaskPoller's: with the next round).
  Decision first(State&) const { return Decision::poll_after(Duration{}); }
};

constexpr auto parameters(const IntervalAttempts&) {
  return std::tuple{sim::named("interval_ms", &IntervalAttempts::interval),
                    sim::named("max_attempts", &IntervalAttempts::max_attempts)};
}

}  // namespace pollbench::strategies
