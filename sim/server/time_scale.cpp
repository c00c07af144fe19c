#include "sim/server/time_scale.hpp"

#include <cmath>
#include <fmt/format.h>

#include "sim/input_error.hpp"

namespace pollbench::sim::server {

TimeScale::TimeScale(double factor) : factor_(factor) {
  if (!(factor > 0) || !std::isfinite(factor))
    throw InputError("--time-scale", fmt::format("must be a positive number, got {}", factor));
}

}  // namespace pollbench::sim::server
