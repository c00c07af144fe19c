#pragma once
// The guide's basicPoll: poll at once, then every `interval`, at most `max_attempts` times.

#include "strategies/observation.hpp"

namespace pollbench::strategies {

struct FixedInterval {
  static constexpr const char* kind = "fixed_interval";
  Duration interval = std::chrono::milliseconds{3000};
  std::uint32_t max_attempts = 60;

  struct State {
    std::uint32_t attempts = 0;
  };

  Decision first(State&) const { return Decision::poll_after(Duration{}); }

  Decision next(State& s, const Observation& o) const {
    if (is_terminal(o.reply)) return Decision::report(verdict_of_terminal(o.reply));
    // Sharp edge: checkStatus is not wrapped in try, so any request error ends the task.
    if (is_error(o.reply)) return Decision::report(Verdict::error);
    ++s.attempts;
    // Sharp edge: after the last attempt it still sleeps a full interval before throwing.
    if (s.attempts >= max_attempts) return Decision::report_after(interval, Verdict::timeout);
    return Decision::poll_after(interval);
  }
};

}  // namespace pollbench::strategies
