#pragma once
// The corrected polling loop that several strategies share: real elapsed time, errors
// retried on the schedule, Retry-After honoured, the last poll on the deadline.

#include <algorithm>
#include <tuple>

#include "strategies/observation.hpp"
#include "sim/named_member.hpp"

namespace pollbench::strategies {

// After a pending or failed answer: poll again after `wait`, longer if a 429 asked for
// it, never past the deadline; once the deadline has passed, a timeout.
inline Decision poll_within_deadline(const Observation& o, Duration deadline, Duration wait) {
  const Duration remaining = deadline - o.now;
  if (remaining <= Duration{}) return Decision::report(Verdict::timeout);
  if (o.reply == Reply::http_429) wait = std::max(wait, o.retry_after);
  return Decision::poll_after(std::min(wait, remaining));
}

// Wait `initial`, then poll every `interval` until `deadline` after submission, the last
// poll on the deadline.
struct SteadyPoll {
  Duration initial{};
  Duration interval = std::chrono::milliseconds{3000};
  Duration deadline = std::chrono::milliseconds{180000};

  struct State {};

  Decision first(State&) const { return Decision::poll_after(std::min(initial, deadline)); }

  Decision next(State&, const Observation& o) const {
    if (is_terminal(o.reply)) return Decision::report(verdict_of_terminal(o.reply));
    return poll_within_deadline(o, deadline, interval);
  }
};

constexpr auto parameters(const SteadyPoll&) {
  return std::tuple{sim::named("initial_ms", &SteadyPoll::initial, sim::Range::non_negative),
                    sim::named("interval_ms", &SteadyPoll::interval), sim::named("deadline_ms", &SteadyPoll::deadline)};
}

}  // namespace pollbench::strategies
