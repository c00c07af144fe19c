#include "reports/confidence_interval.hpp"

#include <algorithm>
#include <cmath>

namespace pollbench::reports {

namespace {

bool is_mean(const Metric& m) {
  const auto* s = std::get_if<SummaryStatistic>(&m.field);
  return s != nullptr && s->statistic == &Summary::mean;
}

Interval wilson(double successes, double n) {
  const double p = successes / n, z2 = z95 * z95;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z95 / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  // At 0 and at all of them one end is exact, whatever the rounding.
  return {successes == 0 ? 0.0 : centre - half, successes == n ? 1.0 : centre + half};
}

}  // namespace

bool has_interval(const Metric& m) { return is_mean(m) || m.unit == Unit::fraction; }

std::optional<Interval> interval95(const Metric& m, const ResultRecord& r) {
  if (!has_interval(m)) return std::nullopt;
  const auto over = m.over_tasks != nullptr ? r.*m.over_tasks : r.tasks;
  if (over == 0) return std::nullopt;
  const double n = static_cast<double>(over), value = *m.value(r);
  if (m.unit == Unit::fraction) return wilson(std::round(value * n), n);
  const auto& summary = r.*std::get<SummaryStatistic>(m.field).summary;
  const double half = z95 * summary.sd / std::sqrt(n);
  // Requests and latencies are never negative, whatever a small, skewed sample suggests.
  return Interval{std::max(0.0, value - half), value + half};
}

}  // namespace pollbench::reports
