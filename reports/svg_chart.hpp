#pragma once
// Small self-contained SVG charts (no script, no external font): what the HTML report
// draws. Each returns one <svg> element as text.

#include <string>
#include <utility>
#include <vector>

namespace pollbench::reports {

struct Series {
  std::string label;
  std::string color;
  std::vector<std::pair<double, double>> points;
};

struct ChartFrame {
  std::string title;
  std::string x_label;
  std::string y_label;
  double width = 520;
  double height = 320;
};

// Lines through each series' points, with a legend.
std::string line_chart(const ChartFrame& frame, const std::vector<Series>& series);
// One labelled dot per point; `limit`, when it has points, is drawn as a dashed line
// across the same axes (what lies beyond them is left out).
std::string scatter_chart(const ChartFrame& frame, const std::vector<Series>& series, const Series& limit = {});
// Grouped bars: values[g][c] is category c's bar in group g; one colour per category.
std::string bar_chart(const ChartFrame& frame, const std::vector<std::string>& groups,
                      const std::vector<Series>& categories);

// A colour per index, readable on white and distinct for up to ten series.
std::string series_color(std::size_t index);

}  // namespace pollbench::reports
