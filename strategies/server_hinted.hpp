#pragma once
// Polls when the server says to: after each pending answer it waits the larger of its
// own interval, the server's poll-after hint and any Retry-After, never past the
// remaining deadline. Otherwise as SteadyPoll (real deadline, errors retried).

#include <algorithm>

#include "strategies/steady_poll.hpp"

namespace pollbench::strategies {

struct ServerHinted : SteadyPoll {
  static constexpr const char* kind = "server_hinted";
  static constexpr bool reads_hints = true;

  ServerHinted() : SteadyPoll{Duration{}, std::chrono::milliseconds{2000}, std::chrono::milliseconds{1800000}} {}

  Decision next(State&, const Observation& o) const {
    if (is_terminal(o.reply)) return Decision::report(verdict_of_terminal(o.reply));
    return poll_within_deadline(o, deadline, std::max(interval, o.poll_after));
  }
};

}  // namespace pollbench::strategies
