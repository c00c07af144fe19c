#pragma once
// The guide's resilientPoll: retries "network" errors up to 3 times with 1 s, 2 s, 3 s
// sleeps, then polls every `interval` while the summed interval sleeps stay below max.
// Its checkStatus is taken to behave like axios: a reset has code ECONNRESET, a client
// timeout has code ECONNABORTED and no 'network' in its message, HTTP errors and parse
// errors carry neither, so only resets are retried (docs/strategies.md).

#include <tuple>

#include "strategies/observation.hpp"
#include "sim/named_member.hpp"

namespace pollbench::strategies {

struct Resilient {
  static constexpr const char* kind = "resilient";
  Duration interval = std::chrono::milliseconds{3000};
  Duration max_time = std::chrono::milliseconds{300000};
  std::uint32_t max_network_retries = 3;
  Duration retry_step = std::chrono::milliseconds{1000};

  struct State {
    Duration elapsed{};  // interval sleeps only: retry sleeps and request time never count
    std::uint32_t network_retries = 0;
  };

  Decision first(State&) const {
    return max_time > Duration{} ? Decision::poll_after(Duration{}) : Decision::report(Verdict::timeout);
  }

  Decision next(State& s, const Observation& o) const {
    if (o.reply == Reply::success) return Decision::report(Verdict::success);
    // Sharp edge: a failure is thrown inside the try, so a failMsg containing 'network'
    // is retried like a dropped connection, over and over until the time limit.
    const bool retried =
        o.reply == Reply::connection_reset || (o.reply == Reply::failed && o.fail_message_mentions_network);
    if (o.reply == Reply::failed && !retried) return Decision::report(Verdict::failure);
    if (is_error(o.reply) && !retried) return Decision::report(Verdict::error);
    Duration wait{};
    if (retried) {
      ++s.network_retries;
      wait = retry_step * s.network_retries;
      if (s.network_retries < max_network_retries) return Decision::poll_after(wait);
      // Sharp edge: running out of retries is not an error; it falls through to the
      // ordinary sleep and polls again.
    }
    s.network_retries = 0;
    s.elapsed += interval;
    wait += interval;
    return s.elapsed < max_time ? Decision::poll_after(wait) : Decision::report_after(wait, Verdict::timeout);
  }
};

constexpr auto parameters(const Resilient&) {
  return std::tuple{sim::named("interval_ms", &Resilient::interval), sim::named("max_time_ms", &Resilient::max_time),
                    sim::named("max_network_retries", &Resilient::max_network_retries),
                    sim::named("retry_step_ms", &Resilient::retry_step)};
}

}  // namespace pollbench::strategies
