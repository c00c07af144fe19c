#pragma once
// Capped exponential backoff done right, with a choice of jitter (Brooker, "Exponential
// Backoff And Jitter", AWS 2015). Unlike the guide's version, the deadline counts real
// elapsed time, request errors are retried rather than fatal, a 429's Retry-After is
// honoured, and the last sleep is cut so the final poll lands on the deadline, as AWS
// Smithy waiters do.

#include <algorithm>
#include <cmath>
#include <tuple>

#include "strategies/steady_poll.hpp"
#include "sim/named_member.hpp"

namespace pollbench::strategies {

enum class Jitter : std::uint8_t {
  none,          // base x multiplier^n, capped
  full,          // uniform in [0, that]
  equal,         // half of it, plus uniform in [0, half]
  decorrelated,  // uniform in [base, 3 x the previous sleep], capped
};

struct Backoff {
  Jitter jitter = Jitter::none;
  Duration base = std::chrono::milliseconds{2000};
  double multiplier = 2;
  Duration cap = std::chrono::milliseconds{30000};
  Duration deadline = std::chrono::milliseconds{600000};

  struct State {
    std::uint32_t retries = 0;
    Duration previous{};
  };

  // The first poll is jittered too: a burst of submissions must not poll in lockstep.
  // Without jitter it goes at once, as the guide's does.
  Decision first(State& s, double uniform) const {
    s.previous = base;
    if (jitter == Jitter::none) return Decision::poll_after(Duration{});
    const double spread = jitter == Jitter::equal ? 0.5 + 0.5 * uniform : uniform;
    return Decision::poll_after(std::chrono::round<Duration>(base * spread));
  }

  Decision next(State& s, const Observation& o) const {
    if (is_terminal(o.reply)) return Decision::report(verdict_of_terminal(o.reply));
    if (o.now >= deadline) return Decision::report(Verdict::timeout);  // before sleep() moves the state
    return poll_within_deadline(o, deadline, sleep(s, o.uniform));
  }

 private:
  Duration sleep(State& s, double u) const {
    using Sec = std::chrono::duration<double>;
    const double grown = Sec(base).count() * std::pow(multiplier, std::min<std::uint32_t>(s.retries++, 64));
    const double ceiling = std::min(Sec(cap).count(), grown);
    double seconds = ceiling;
    switch (jitter) {
      case Jitter::none:
        break;
      case Jitter::full:
        seconds = u * ceiling;
        break;
      case Jitter::equal:
        seconds = 0.5 * ceiling + u * 0.5 * ceiling;
        break;
      case Jitter::decorrelated: {
        const double lo = Sec(base).count(), hi = 3 * Sec(s.previous).count();
        seconds = std::min(Sec(cap).count(), lo + u * std::max(0.0, hi - lo));
        break;
      }
    }
    s.previous = std::chrono::round<Duration>(Sec(seconds));
    return s.previous;
  }
};

constexpr auto parameters(const Backoff&) {
  return std::tuple{sim::named("base_ms", &Backoff::base), sim::named("multiplier", &Backoff::multiplier),
                    sim::named("cap_ms", &Backoff::cap), sim::named("deadline_ms", &Backoff::deadline)};
}

}  // namespace pollbench::strategies
