#pragma once
// The guide's exponentialBackoffPoll: poll at once, then sleep 2 s, 3 s, 4.5 s, ...
// capped at 30 s, until the summed sleeps reach 10 minutes.

#include <algorithm>
#include <tuple>

#include "strategies/observation.hpp"
#include "sim/named_member.hpp"

namespace pollbench::strategies {

struct ExponentialBackoff {
  static constexpr const char* kind = "exponential_backoff";
  Duration initial = std::chrono::milliseconds{2000};
  double multiplier = 1.5;
  Duration max_interval = std::chrono::milliseconds{30000};
  Duration max_time = std::chrono::milliseconds{600000};

  struct State {
    Duration elapsed{};
    Duration interval{};
  };

  Decision first(State& s) const {
    s.interval = initial;
    return max_time > Duration{} ? Decision::poll_after(Duration{}) : Decision::report(Verdict::timeout);
  }

  Decision next(State& s, const Observation& o) const {
    if (is_terminal(o.reply)) return Decision::report(verdict_of_terminal(o.reply));
    if (is_error(o.reply)) return Decision::report(Verdict::error);  // Sharp edge: no try around checkStatus.
    const Duration sleep = s.interval;
    s.elapsed += sleep;  // Sharp edge: request latency never counts toward maxTime.
    s.interval = std::min(std::chrono::round<Duration>(s.interval * multiplier), max_interval);
    return s.elapsed < max_time ? Decision::poll_after(sleep) : Decision::report_after(sleep, Verdict::timeout);
  }
};

constexpr auto parameters(const ExponentialBackoff&) {
  return std::tuple{sim::named("initial_ms", &ExponentialBackoff::initial),
                    sim::named("multiplier", &ExponentialBackoff::multiplier),
                    sim::named("max_interval_ms", &ExponentialBackoff::max_interval),
                    sim::named("max_time_ms", &ExponentialBackoff::max_time)};
}

}  // namespace pollbench::strategies
