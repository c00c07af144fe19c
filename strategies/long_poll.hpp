#pragma once
// Long polling (Replicate's `Prefer: wait=N`): each request asks the server to hold it
// until the task ends or `wait` passes, and the next goes out as soon as a held one comes
// back pending. Errors back off exponentially from `base` to `cap`; a 429's Retry-After is
// honoured; the last hold ends on the deadline.

#include <algorithm>
#include <tuple>

#include "sim/named_member.hpp"
#include "strategies/contract.hpp"
#include "strategies/error_backoff.hpp"

namespace pollbench::strategies {

struct LongPoll {
  static constexpr const char* kind = "long_poll";
  static constexpr bool learns_the_end = true;
  static constexpr Needs needs{.long_poll = true};

  Duration wait = std::chrono::milliseconds{60000};
  Duration base = std::chrono::milliseconds{1000};
  Duration cap = std::chrono::milliseconds{30000};
  Duration deadline = std::chrono::milliseconds{1800000};

  struct State {
    ErrorBackoff errors;
  };

  Decision first(State&) const { return Decision::long_poll_after(Duration{}, std::min(wait, deadline)); }

  Decision next(State& s, const Observation& o) const {
    if (is_terminal(o.reply)) return Decision::report(verdict_of_terminal(o.reply));
    const Duration remaining = deadline - o.now;
    if (remaining <= Duration{}) return Decision::report(Verdict::timeout);
    const auto delay = std::min(remaining, s.errors.after(o, base, cap));
    return Decision::long_poll_after(delay, std::min(wait, remaining - delay));
  }
};

constexpr auto parameters(const LongPoll&) {
  return std::tuple{sim::named("wait_ms", &LongPoll::wait), sim::named("base_ms", &LongPoll::base),
                    sim::named("cap_ms", &LongPoll::cap), sim::named("deadline_ms", &LongPoll::deadline)};
}

}  // namespace pollbench::strategies
