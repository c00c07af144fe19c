#pragma once
// Simulation time: a clock of its own so a sim::Time can never be compared with a
// wall-clock time point of the standard library by accident.

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace pollbench::sim {

// Whole microseconds: exact for every millisecond setting a client uses, 292k years of range.
using Duration = std::chrono::microseconds;
// Real-valued seconds for the mathematics (densities, means); converted at the edges.
using Seconds = std::chrono::duration<double>;

struct Clock {
  using rep = Duration::rep;
  using period = Duration::period;
  using duration = Duration;
  using time_point = std::chrono::time_point<Clock, Duration>;
  static constexpr bool is_steady = true;
  // No now(): simulated time only moves when the simulator says so.
};

using Time = Clock::time_point;

constexpr Duration to_duration(Seconds s) {
  // Round to nearest so that 0.1 s is 100000 us, not 99999; clamp a far tail sample
  // (a Weibull of tiny shape) to about 127,000 years: well inside the 292,000 that
  // microseconds hold, so sums like terminal time + delivery delay cannot overflow.
  constexpr double longest_s = 4.0e12;
  const Seconds clamped{std::min(s.count(), longest_s)};
  // chrono::round rounds half to even by way of a floor and two compares; adding and
  // taking away 1.5 x 2^52 rounds the same way in the default rounding mode, for
  // |us| < 2^51, in two additions. It needs `us` rounded before the sum: no fused
  // multiply-add, which the compiler forms only for a target with FMA (no preset sets
  // -march).
  constexpr double magic = 0x1.8p52;
  const double us = clamped.count() * 1e6;
  if (us > -0x1p51 && us < 0x1p51) return Duration{static_cast<Duration::rep>((us + magic) - magic)};
  return std::chrono::round<Duration>(clamped);
}

constexpr double seconds(Duration d) { return std::chrono::duration_cast<Seconds>(d).count(); }

constexpr Duration from_seconds(double s) { return to_duration(Seconds{s}); }

}  // namespace pollbench::sim
