#pragma once
// Wall time mapped to scenario time by --time-scale: at X = 100 a scenario minute passes
// in 0.6 s. Only the server adapter and the live driver read a real clock.

#include <chrono>

#include "sim/time.hpp"

namespace pollbench::sim::server {

using WallClock = std::chrono::steady_clock;

struct TimeScale {
  double factor = 1;  // scenario seconds per wall second

  Duration to_scenario(WallClock::duration wall) const {
    return from_seconds(std::chrono::duration<double>(wall).count() * factor);
  }
  WallClock::duration to_wall(Duration scenario) const {
    return std::chrono::duration_cast<WallClock::duration>(std::chrono::duration<double>(seconds(scenario) / factor));
  }
};

}  // namespace pollbench::sim::server
