#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "reports/svg_chart.hpp"

using namespace pollbench::reports;

TEST_CASE("html svg chart: six colour-blind-safe colours and six marker shapes") {
  std::set<std::string> colours, shapes;
  for (std::size_t i = 0; i < max_series; ++i) {
    colours.insert(series_color(i));
    shapes.insert(marker_svg(i, 10, 10, "#000"));
  }
  CHECK(colours.size() == max_series);
  CHECK(shapes.size() == max_series);
  CHECK(series_color(max_series) == series_color(0));
  CHECK(series_color(0) == "#0072b2");  // Okabe and Ito's blue
}

TEST_CASE("html svg chart: a dot at either end of the axes stays inside the plot's frame") {
  const ChartFrame frame{"t", axis_for("x", {10}), axis_for("y", {10}), 440, 280};
  const auto svg = scatter_chart(frame, {{"a", series_color(0), {{10, 10}, {0, 0}}}});
  std::smatch m;
  REQUIRE(std::regex_search(
      svg, m,
      std::regex(R"re(<rect x="([0-9.]+)" y="([0-9.]+)" width="([0-9.]+)" height="([0-9.]+)" class="frame")re")));
  const double left = std::stod(m[1]), top = std::stod(m[2]), right = left + std::stod(m[3]),
               bottom = top + std::stod(m[4]);
  const std::regex circle(R"re(cx="([0-9.]+)" cy="([0-9.]+)" r="5.5")re");
  int dots = 0;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), circle); it != std::sregex_iterator(); ++it, ++dots) {
    const double cx = std::stod((*it)[1]), cy = std::stod((*it)[2]);
    CHECK(cx - 5.5 > left);
    CHECK(cx + 5.5 < right);
    CHECK(cy - 5.5 > top);
    CHECK(cy + 5.5 < bottom);
  }
  CHECK(dots == 2);
}

TEST_CASE("html svg chart: long names wrap at their underscores") {
  CHECK(wrapped_label("adaptive", 20) == std::vector<std::string>{"adaptive"});
  CHECK(wrapped_label("corrected_concurrent_poller", 12) ==
        std::vector<std::string>{"corrected_", "concurrent_", "poller"});
  CHECK(wrapped_label("abcdefghij", 4) == std::vector<std::string>{"abcd", "efgh", "ij"});
  StackedBars bars{"t", "%", "%", {"a_rather_long_strategy_name_indeed", "b"}, {{"lost", "#000", {{0, 2}, {1, 0}}}}, 1};
  bars.width = 300;
  const auto svg = stacked_bar_chart(bars);
  CHECK(svg.find(">a_rather_long_strategy_name_indeed<") == std::string::npos);
  CHECK(svg.find(">a_rather_long_<") != std::string::npos);
  CHECK(svg.find(">2%<") != std::string::npos);
}
