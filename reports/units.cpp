#include "reports/units.hpp"

#include <cmath>
#include <fmt/format.h>

namespace pollbench::reports {

std::string human_duration(double s) {
  if (s == 0) return "0 s";
  if (s < 1) return fmt::format("{:.0f} ms", s * 1000);
  if (s < 10) return fmt::format("{:.2f} s", s);
  if (s < 100) return fmt::format("{:.1f} s", s);
  if (s < 3600) return fmt::format("{:.1f} min", s / 60);
  return fmt::format("{:.1f} h", s / 3600);
}

std::string human_percent(double f) {
  if (f == 0) return "0%";
  const double p = f * 100;
  if (p < 0.01) return "<0.01%";
  if (p < 1) return fmt::format("{:.2f}%", p);
  if (p < 10) return fmt::format("{:.1f}%", p);
  return fmt::format("{:.0f}%", p);
}

std::string human_count(double v) {
  if (v == std::floor(v) && std::abs(v) < 1e6) return fmt::format("{:.0f}", v);
  if (std::abs(v) < 10) return fmt::format("{:.2f}", v);
  if (std::abs(v) < 1000) return fmt::format("{:.1f}", v);
  return fmt::format("{:.0f}", v);
}

}  // namespace pollbench::reports
