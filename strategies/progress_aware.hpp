#pragma once
// Reads the progress a status answer reports (Google's and Azure's long-running
// operations, OpenAI's video jobs) and polls around where it says the task ends. From
// two readings of the fraction done, 15% apart, it takes the rate and the moment that rate
// reaches 100%; a server's progress is off by some fraction of the task's length
// (`spread_fraction`), so it polls every half of that from two of them before the
// predicted end to two after. From two queue positions it takes the time a place takes,
// and polls when its turn should come. Until a reading predicts anything, and after the
// window, it backs off, doubling its wait from `min_gap` to `max_gap`. Errors back off
// the same way; a 429's Retry-After is honoured.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <tuple>

#include "sim/named_member.hpp"
#include "strategies/contract.hpp"
#include "strategies/error_backoff.hpp"

namespace pollbench::strategies {

struct ProgressAware {
  static constexpr const char* kind = "progress_aware";
  static constexpr bool learns_the_end = true;
  static constexpr bool reads_progress = true;
  static constexpr Needs needs{.progress = true};

  Duration initial = std::chrono::milliseconds{2000};
  Duration min_gap = std::chrono::milliseconds{1000};
  Duration max_gap = std::chrono::milliseconds{30000};
  // How far off the end the progress may be, as a fraction of the generating time: the
  // polls gather within two of these of the predicted end.
  double spread_fraction = 0.1;
  Duration deadline = std::chrono::milliseconds{1800000};

  struct Reading {
    Duration at{};
    double value = -1;  // none yet
  };
  struct State {
    Reading first_done, last_done;  // fractions done: the first above 0, and the latest
    Reading first_place;            // the first queue position heard
    double per_s = 0;               // the fraction gained a second, once two readings differ
    Duration end{};                 // when the fraction should reach 100%, by that rate
    Duration gap{};                 // the backoff's current wait
    ErrorBackoff errors;
  };

  Decision first(State& s) const {
    s.gap = min_gap;
    return Decision::poll_after(std::min(initial, deadline));
  }

  Decision next(State& s, const Observation& o) const {
    if (is_terminal(o.reply)) return Decision::report(verdict_of_terminal(o.reply));
    const Duration remaining = deadline - o.now;
    if (remaining <= Duration{}) return Decision::report(Verdict::timeout);
    if (const auto wait = s.errors.after(o, min_gap, max_gap); wait > Duration{})
      return Decision::poll_after(std::min(remaining, wait));
    auto wait = informed_wait(s, o);
    if (wait) {
      s.gap = min_gap;
    } else {
      wait = s.gap;
      s.gap = std::min(max_gap, 2 * s.gap);
    }
    return Decision::poll_after(std::min(remaining, std::clamp(*wait, min_gap, std::max(min_gap, remaining))));
  }

 private:
  using Sec = std::chrono::duration<double>;
  // The fraction gained between two readings that the rate is taken over: with whole
  // percents, 15% puts the rate within about 7%.
  static constexpr double baseline = 0.15;

  static Duration in(double seconds) { return std::chrono::round<Duration>(Sec(std::min(seconds, 1e9))); }

  // How long to wait by what the readings say, or nullopt when they say nothing.
  std::optional<Duration> informed_wait(State& s, const Observation& o) const {
    const auto& progress = o.progress;
    if (progress.fraction && *progress.fraction > 0) {
      const double done = *progress.fraction;
      if (s.first_done.value < 0) {
        // The task started after submission, so it gains at least done / now a second:
        // wait for about a baseline's gain at that pace, or max_gap.
        s.first_done = s.last_done = {o.now, done};
        return std::min(max_gap, in(baseline * Sec(o.now).count() / done));
      }
      if (done > s.last_done.value) {
        s.last_done = {o.now, done};
        const double gained = done - s.first_done.value;
        s.per_s = gained / Sec(o.now - s.first_done.at).count();
        // Whole percents, each read as the middle of its step.
        s.end = o.now + in((1 - done - 0.005) / s.per_s);
        if (gained < baseline) return std::min(s.end - o.now, in((baseline - gained) / s.per_s));
      }
      if (s.per_s <= 0) return std::nullopt;
      // Around the predicted end, as far as the progress may be off: every half of
      // that, from two spreads before it to two after; then the backoff.
      const auto spread = in(spread_fraction / s.per_s);
      const auto step = std::max(min_gap, spread / 2);
      if (o.now + step < s.end - 2 * spread) return s.end - 2 * spread - o.now;
      if (o.now < s.end + 2 * spread) return step;
      return std::nullopt;
    }
    if (progress.queue_position) {
      const double place = *progress.queue_position;
      if (s.first_place.value < 0) s.first_place = {o.now, place};
      if (place >= s.first_place.value) return std::nullopt;
      const double slot_s = Sec(o.now - s.first_place.at).count() / (s.first_place.value - place);
      return in(place * slot_s);
    }
    return std::nullopt;
  }
};

constexpr auto parameters(const ProgressAware&) {
  return std::tuple{sim::named("initial_ms", &ProgressAware::initial, sim::Range::non_negative),
                    sim::named("min_gap_ms", &ProgressAware::min_gap),
                    sim::named("max_gap_ms", &ProgressAware::max_gap),
                    sim::named("spread_fraction", &ProgressAware::spread_fraction, sim::Range::fraction),
                    sim::named("deadline_ms", &ProgressAware::deadline)};
}

}  // namespace pollbench::strategies
