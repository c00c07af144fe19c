#pragma once
// The guide's TaskPoller: one client polls all its tasks in rounds; a round sends
// every status request at once, waits for all of them, then sleeps `interval` (3 s
// whatever the model) if any task is left.

#include <string_view>

#include "strategies/interval_attempts.hpp"

namespace pollbench::strategies {

struct ConcurrentPoller : IntervalAttempts {
  static constexpr const char* kind = "concurrent";

  Duration interval_for(std::string_view) const { return interval; }
  std::size_t batch_size() const { return 1; }
  // The per-task part of the policy; the same for every model.
  const ConcurrentPoller& rounds_for(std::string_view) const { return *this; }

  // `poll` means "again next round".
  Decision next(State& s, const Observation& o) const {
    if (is_terminal(o.reply)) return Decision::report(verdict_of_terminal(o.reply));
    // Sharp edge: one rejected checkStatus rejects Promise.all, so start() throws and
    // no further round runs for any task of this client.
    if (is_error(o.reply)) return Decision::crash();
    // Sharp edge: `attempts > 60` lets a task be polled 62 times before it times out.
    if (s.attempts > max_attempts) return Decision::report(Verdict::timeout);
    ++s.attempts;
    return Decision::poll_after(interval);
  }
};

}  // namespace pollbench::strategies
