#include "reports/chart_axis.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <utility>

namespace pollbench::reports {

namespace {

constexpr double decades_ratio = 30;
constexpr double label_gap = 8;    // pixels between neighbouring tick labels at least
constexpr double zero_gap = 0.12;  // of a zero-edged log axis, between the edge and lo

// The largest of 1, 2 or 5 times a power of ten at most v (v > 0), and the smallest at least v.
double round_down(double v) {
  const double power = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * power <= v * (1 + 1e-9)) return m * power;
  return power;
}
double round_up(double v) {
  const double power = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * power >= v * (1 - 1e-9)) return m * power;
  return 10 * power;
}

// Round steps of 1, 2 or 5 times a power of ten, about `count` of them over `span`.
double nice_step(double span, int count) { return round_up(span / count); }

bool labels_fit(const Axis& axis, const std::vector<double>& ticks, double length, double font_px, bool vertical) {
  for (std::size_t i = 1; i < ticks.size(); ++i) {
    const double gap = length * (axis.fraction(ticks[i]) - axis.fraction(ticks[i - 1]));
    const double needed =
        vertical ? font_px * 1.2
                 : (text_width(tick_text(ticks[i]), font_px) + text_width(tick_text(ticks[i - 1]), font_px)) / 2;
    if (gap < needed + label_gap) return false;
  }
  return true;
}

std::vector<double> linear_ticks(const Axis& axis, double length, double font_px, bool vertical) {
  for (int count : {6, 5, 4, 3, 2}) {
    const double step = nice_step(axis.hi - axis.lo, count);
    std::vector<double> ticks;
    for (int i = 0; axis.lo + i * step <= axis.hi * (1 + 1e-9); ++i) ticks.push_back(axis.lo + i * step);
    if (labels_fit(axis, ticks, length, font_px, vertical)) return ticks;
  }
  return {axis.lo, axis.hi};
}

// 1, 2 and 5 times each power of ten; then the powers only; then every other one.
std::vector<double> log_ticks(const Axis& axis, double length, double font_px, bool vertical) {
  const int first = static_cast<int>(std::floor(std::log10(axis.lo))),
            last = static_cast<int>(std::ceil(std::log10(axis.hi)));
  const std::vector<std::vector<double>> mantissas = {{1, 2, 5}, {1}};
  for (int every : {1, 2, 3}) {
    for (const auto& ms : mantissas) {
      if (every > 1 && ms.size() > 1) continue;
      std::vector<double> ticks;
      for (int k = first; k <= last; ++k)
        for (double m : ms) {
          const double v = m * std::pow(10.0, k);
          if ((k - first) % every == 0 && v >= axis.lo * (1 - 1e-9) && v <= axis.hi * (1 + 1e-9)) ticks.push_back(v);
        }
      if (axis.zero_edge) ticks.insert(ticks.begin(), 0.0);
      if (ticks.size() >= 2 && labels_fit(axis, ticks, length, font_px, vertical)) return ticks;
    }
  }
  if (axis.zero_edge) return {0.0, axis.lo, axis.hi};
  return {axis.lo, axis.hi};
}

// The smallest and largest finite positive value; zeros when there is none.
std::pair<double, double> positive_range(const std::vector<double>& values) {
  double lo = 0, hi = 0;
  for (double v : values)
    if (v > 0 && std::isfinite(v)) {
      lo = lo == 0 ? v : std::min(lo, v);
      hi = std::max(hi, v);
    }
  return {lo, hi};
}

}  // namespace

double Axis::fraction(double v) const {
  if (scale == Scale::linear) return std::clamp((v - lo) / (hi - lo), 0.0, 1.0);
  if (v <= 0) return 0;
  const double from = zero_edge ? zero_gap : 0;
  return from + (1 - from) * std::clamp(std::log(v / lo) / std::log(hi / lo), 0.0, 1.0);
}

std::string Axis::caption() const { return scale == Scale::log ? label + " (log)" : label; }

bool spans_decades(const std::vector<double>& values) {
  const auto [lo, hi] = positive_range(values);
  return lo > 0 && hi / lo >= decades_ratio;
}

Axis axis_for(std::string label, const std::vector<double>& values) {
  const auto [lo, hi] = positive_range(values);
  if (hi == 0) return linear_axis(std::move(label), 0, 1);
  if (spans_decades(values)) {
    const bool zeros = std::any_of(values.begin(), values.end(), [](double v) { return v <= 0; });
    return {std::move(label), Scale::log, round_down(lo), round_up(hi), zeros};
  }
  const double step = nice_step(hi, 5);
  return linear_axis(std::move(label), 0, std::ceil(hi / step * (1 - 1e-9)) * step);
}

Axis linear_axis(std::string label, double lo, double hi) {
  return {std::move(label), Scale::linear, lo, hi > lo ? hi : lo + 1};
}

std::vector<double> axis_ticks(const Axis& axis, double length, double font_px, bool vertical) {
  return axis.scale == Scale::log ? log_ticks(axis, length, font_px, vertical)
                                  : linear_ticks(axis, length, font_px, vertical);
}

std::string tick_text(double v) {
  if (v == 0 || std::abs(v) >= 1e9) return fmt::format("{:.3g}", v);
  if (std::abs(v) >= 1e6) return fmt::format("{:g}M", v / 1e6);
  if (std::abs(v) >= 1e4) return fmt::format("{:g}k", v / 1e3);
  return fmt::format("{:.3g}", v);
}

double text_width(const std::string& text, double font_px) { return static_cast<double>(text.size()) * font_px * 0.6; }

}  // namespace pollbench::reports
