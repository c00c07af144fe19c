#pragma once
// The guide's basicPoll: poll at once, then every `interval`, at most `max_attempts` times.

#include "strategies/interval_attempts.hpp"

namespace pollbench::strategies {

struct FixedInterval : IntervalAttempts {
  static constexpr const char* kind = "fixed_interval";

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
