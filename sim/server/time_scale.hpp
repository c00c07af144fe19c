#pragma once
// Wall time mapped to scenario time by --time-scale: at X = 100 a scenario minute passes
// in 0.6 s. Only the server adapter and the live driver read a real clock.

#include <chrono>

#include "sim/time.hpp"

namespace pollbench::sim::server {

using WallClock = std::chrono::steady_clock;

class TimeScale {
 public:
  // Scenario seconds per wall second. Throws InputError("--time-scale") unless positive
  // and finite: checked here once, so every holder of a TimeScale has a valid one.
  explicit TimeScale(double factor);

  double factor() const { return factor_; }

  Duration to_scenario(WallClock::duration wall) const {
    return from_seconds(std::chrono::duration<double>(wall).count() * factor_);
  }
  // Wall milliseconds, as the API's headers and hints carry them.
  double wall_ms(Duration scenario) const {
    return std::chrono::duration<double, std::milli>(to_wall(scenario)).count();
  }
  Duration from_wall_ms(double ms) const {
    return to_scenario(std::chrono::duration_cast<WallClock::duration>(std::chrono::duration<double, std::milli>(ms)));
  }

  // Saturates a far-tail scenario time instead of overflowing the wall clock's ticks.
  WallClock::duration to_wall(Duration scenario) const {
    const std::chrono::duration<double> wall(seconds(scenario) / factor_);
    const auto longest = std::chrono::duration_cast<std::chrono::duration<double>>(std::chrono::hours{24 * 365 * 100});
    return std::chrono::duration_cast<WallClock::duration>(std::min(wall, longest));
  }

 private:
  double factor_;
};

}  // namespace pollbench::sim::server
