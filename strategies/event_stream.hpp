#pragma once
// Listens to the task's server-sent event stream (fal's status stream): the terminal
// event ends the wait. A stream that ends without it (a proxy's idle cut, a terminal
// event lost) is reopened at once with Last-Event-ID, which the driver keeps; errors on
// opening back off from `base` to `cap`. After `max_cuts` streams in a row end without an
// event, the client stops listening and polls every `interval` instead.

#include <algorithm>
#include <cstdint>
#include <tuple>

#include "sim/named_member.hpp"
#include "strategies/contract.hpp"
#include "strategies/error_backoff.hpp"
#include "strategies/steady_poll.hpp"

namespace pollbench::strategies {

struct EventStream {
  static constexpr const char* kind = "event_stream";
  static constexpr bool learns_the_end = true;
  static constexpr bool listens_to_stream = true;
  static constexpr Needs needs{.event_stream = true};

  Duration base = std::chrono::milliseconds{1000};
  Duration cap = std::chrono::milliseconds{30000};
  std::uint32_t max_cuts = 3;
  Duration interval = std::chrono::milliseconds{5000};
  Duration deadline = std::chrono::milliseconds{1800000};

  struct State {
    ErrorBackoff errors;
    std::uint32_t cuts = 0;  // streams in a row that ended without an event
    bool polling = false;
  };

  Decision first(State&) const { return Decision::listen_after(Duration{}, deadline); }

  Decision next(State& s, const Observation& o) const {
    if (is_terminal(o.reply)) return Decision::report(verdict_of_terminal(o.reply));
    const Duration remaining = deadline - o.now;
    if (remaining <= Duration{}) return Decision::report(Verdict::timeout);
    if (s.polling) return poll_within_deadline(o, deadline, interval);
    if (o.reply == Reply::connection_reset) {
      if (++s.cuts < max_cuts) return Decision::listen_after(Duration{}, remaining);
      s.polling = true;
      return Decision::poll_after(Duration{});
    }
    if (is_pending(o.reply)) s.cuts = 0;
    const auto delay = std::min(remaining, s.errors.after(o, base, cap));
    return Decision::listen_after(delay, remaining - delay);
  }
};

constexpr auto parameters(const EventStream&) {
  return std::tuple{sim::named("base_ms", &EventStream::base), sim::named("cap_ms", &EventStream::cap),
                    sim::named("max_cuts", &EventStream::max_cuts), sim::named("interval_ms", &EventStream::interval),
                    sim::named("deadline_ms", &EventStream::deadline)};
}

}  // namespace pollbench::strategies
