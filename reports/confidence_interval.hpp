#pragma once
// The 95% confidence interval of a result row's means and rates, from the row itself:
// a mean's from its standard deviation and how many tasks it is over (the normal
// approximation, which a test checks for coverage), a rate's from its count of tasks
// (Wilson's score interval, which stays inside [0, 1] and is not empty at 0%).

#include <optional>

#include "reports/metric_schema.hpp"

namespace pollbench::reports {

inline constexpr double z95 = 1.959963984540054;  // standard normal quantile of 0.975

struct Interval {
  double low = 0, high = 0;
};

// Whether the metric is a mean or a rate, the figures that carry an interval.
bool has_interval(const Metric& m);
// The metric's 95% interval in the row; none for a metric without one or a row without
// the tasks it would be over.
std::optional<Interval> interval95(const Metric& m, const ResultRecord& r);

}  // namespace pollbench::reports
