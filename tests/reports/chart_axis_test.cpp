#include <catch2/catch.hpp>

#include "reports/chart_axis.hpp"

using namespace pollbench::reports;

TEST_CASE("html chart axis: log only where the values span decades") {
  CHECK(spans_decades({0.5, 20}));
  CHECK_FALSE(spans_decades({1, 20}));
  CHECK_FALSE(spans_decades({0, 0, 7}));  // zeros do not count
  const auto linear = axis_for("requests", {3.2, 1.1});
  CHECK(linear.scale == Scale::linear);
  CHECK(linear.lo == 0);
  CHECK(linear.hi == 4);
  const auto log = axis_for("latency", {0.03, 2, 140});
  CHECK(log.scale == Scale::log);
  CHECK(log.lo == Approx(0.02));
  CHECK(log.hi == Approx(200));
  CHECK(log.caption() == "latency (log)");
  CHECK_FALSE(log.zero_edge);
}

TEST_CASE("html chart axis: the data fills the axis - a zero on a log axis has an edge of its own") {
  const auto log = axis_for("requests", {0, 0.1, 12});
  CHECK(log.zero_edge);
  CHECK(log.fraction(0) == 0);
  CHECK(log.fraction(log.lo) > 0.05);
  CHECK(log.fraction(12) > 0.9);
  CHECK(log.fraction(1e9) == 1);  // beyond the axis: at its edge
  const auto cdf = axis_for("s", {0.2, 0.5, 3, 40});
  CHECK(cdf.fraction(0.2) < 0.1);
  CHECK(cdf.fraction(40) > 0.9);
}

TEST_CASE("html chart axis: tick labels are thinned until they fit") {
  const Axis axis{"s", Scale::log, 0.001, 1000};
  for (double length : {600.0, 200.0, 80.0}) {
    const auto ticks = axis_ticks(axis, length, 12, false);
    REQUIRE(ticks.size() >= 2);
    for (std::size_t i = 1; i < ticks.size(); ++i) {
      const double gap = length * (axis.fraction(ticks[i]) - axis.fraction(ticks[i - 1]));
      CHECK(gap >= (text_width(tick_text(ticks[i]), 12) + text_width(tick_text(ticks[i - 1]), 12)) / 2);
    }
  }
  CHECK(axis_ticks(axis, 600, 12, false).size() > axis_ticks(axis, 80, 12, false).size());
  CHECK(axis_ticks(linear_axis("share", 0, 1), 300, 12, true).front() == 0);
  CHECK(tick_text(0.05) == "0.05");
  CHECK(tick_text(20000) == "20k");
}
