#pragma once
// Small self-contained SVG charts (no script, no external font): what the HTML report
// draws. Each returns one <svg> element as text, drawn in a fixed view box that the page
// scales to its width; titles and legends are the page's (HTML wraps, SVG text does not).
// Every text is placed where it fits: tick labels thinned, margins as wide as the
// labels, dots kept a marker's width away from the edges.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "reports/chart_axis.hpp"

namespace pollbench::reports {

// More series than this in one chart cannot be told apart: the page splits them.
constexpr std::size_t max_series = 6;

struct Series {
  std::string label;
  std::string color;
  std::vector<std::pair<double, double>> points;
};

struct ChartFrame {
  std::string title;  // what the chart is called (read out by screen readers)
  Axis x, y;
  double width = 440;
  double height = 290;
};

// Lines through each series' points.
std::string line_chart(const ChartFrame& frame, const std::vector<Series>& series);
// One marker per point, its shape that of its series' index (marker_svg); `limit`, when
// it has points, is drawn as a dashed line across the same axes.
std::string scatter_chart(const ChartFrame& frame, const std::vector<Series>& series, const Series& limit = {});

// Horizontal stacked bars, one row per name: parts[c].points[row].second is part c of
// that row, parts in order from the left; each row's total is written after its bar and
// a dashed line marks `mark` on the value axis (when above zero). Names too long for
// the label column are wrapped.
struct StackedBars {
  std::string title;
  std::string value_label;
  std::string unit;  // after each total: "%"
  std::vector<std::string> names;
  std::vector<Series> parts;
  double mark = 0;
  double width = 440;
};
std::string stacked_bar_chart(const StackedBars& bars);

// The SVG shape for series `index` at (x, y): a circle, square, triangle, diamond, ...
// so that a dot can be told by its shape as well as its colour.
std::string marker_svg(std::size_t index, double x, double y, const std::string& color);
// A colour-blind-safe colour per index (Okabe and Ito's palette, black and yellow left
// out): max_series of them, then repeating.
std::string series_color(std::size_t index);
// A label cut into lines of at most `max_chars` characters, at '_', '-' or ' ' where
// possible.
std::vector<std::string> wrapped_label(const std::string& text, std::size_t max_chars);

}  // namespace pollbench::reports
