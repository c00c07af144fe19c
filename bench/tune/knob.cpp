#include "bench/tune/knob.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <string>

namespace pollbench::bench {

long rounded_ms(sim::Seconds duration) {
  // Tenths of a second, written in milliseconds.
  return std::max(100L, std::lround(duration.count() * 10) * 100);
}

double three_digits(double value) { return std::stod(fmt::format("{:.3g}", value)); }

nlohmann::ordered_json Knob::scaled(nlohmann::ordered_json config, double factor) const {
  const double value = config.at(at).get<double>() * factor;
  auto& moved = config[at];
  switch (unit) {
    case KnobUnit::milliseconds:
      moved = value < 100 ? std::lround(least) : rounded_ms(std::chrono::duration<double, std::milli>{value});
      break;
    case KnobUnit::seconds:
      moved = std::max(least, std::round(value * 10) / 10);
      break;
    case KnobUnit::count:
      moved = std::max(std::lround(least), std::lround(value));
      break;
    case KnobUnit::multiplier:
      moved = std::max(least, std::round(value * 100) / 100);
      break;
    case KnobUnit::delay_price:
      moved = std::max(least, three_digits(value));
      break;
  }
  return config;
}

}  // namespace pollbench::bench
