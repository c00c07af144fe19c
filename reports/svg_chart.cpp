#include "reports/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "reports/escape.hpp"

namespace pollbench::reports {

namespace {

constexpr double left = 64, right = 150, top = 34, bottom = 46;  // margins; the legend sits right

// Round steps of 1, 2 or 5 times a power of ten, about `count` of them over [0, hi].
double nice_step(double hi, int count) {
  const double raw = hi / count;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * power >= raw) return m * power;
  return 10 * power;
}

std::string tick_label(double v) {
  if (v == 0) return "0";
  if (std::abs(v) >= 100) return fmt::format("{:.0f}", v);
  return fmt::format("{:.3g}", v);
}

struct Plot {
  const ChartFrame& f;
  double x_max, y_max;
  double x(double v) const { return left + (f.width - left - right) * v / x_max; }
  double y(double v) const { return f.height - bottom - (f.height - top - bottom) * v / y_max; }
};

// The frame, grid, ticks, labels and legend; returns the plot's scales.
Plot open_chart(std::string& svg, const ChartFrame& f, double x_hi, double y_hi, const std::vector<Series>& legend,
                bool x_ticks = true) {
  const double xs = nice_step(x_hi > 0 ? x_hi : 1, 5), ys = nice_step(y_hi > 0 ? y_hi : 1, 5);
  Plot p{f, std::ceil((x_hi > 0 ? x_hi : 1) / xs) * xs, std::ceil((y_hi > 0 ? y_hi : 1) / ys) * ys};
  svg += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" aria-label=\"{2}\">\n<text x=\"{3}\" y=\"20\" class=\"title\">{2}</text>\n",
      f.width, f.height, markup_escaped(f.title), left);
  for (double v = 0; v <= p.y_max + ys / 2; v += ys)
    svg += fmt::format(
        "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" class=\"grid\"/>"
        "<text x=\"{3}\" y=\"{4:.1f}\" class=\"tick\" text-anchor=\"end\">{5}</text>\n",
        left, f.width - right, p.y(v), left - 6, p.y(v) + 4, tick_label(v));
  if (x_ticks)
    for (double v = 0; v <= p.x_max + xs / 2; v += xs)
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n", p.x(v),
                         f.height - bottom + 16, tick_label(v));
  svg += fmt::format(
      "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" class=\"axis\"/>"
      "<line x1=\"{0}\" x2=\"{0}\" y1=\"{3}\" y2=\"{2}\" class=\"axis\"/>\n",
      left, f.width - right, f.height - bottom, top);
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"label\" text-anchor=\"middle\">{}</text>\n",
                     (left + f.width - right) / 2, f.height - 8, markup_escaped(f.x_label));
  svg += fmt::format(
      "<text transform=\"translate(14 {:.1f}) rotate(-90)\" class=\"label\" text-anchor=\"middle\">{}</text>\n",
      (top + f.height - bottom) / 2, markup_escaped(f.y_label));
  double row_top = top;
  for (const auto& entry : legend) {
    svg += fmt::format(
        "<rect x=\"{0}\" y=\"{1}\" width=\"10\" height=\"10\" fill=\"{2}\"/>"
        "<text x=\"{3}\" y=\"{4}\" class=\"legend\">{5}</text>\n",
        f.width - right + 12, row_top, entry.color, f.width - right + 26, row_top + 9, markup_escaped(entry.label));
    row_top += 16;
  }
  return p;
}

template <class Get>
double highest(const std::vector<Series>& series, Get get) {
  double hi = 0;
  for (const auto& s : series)
    for (const auto& pt : s.points) hi = std::max(hi, get(pt));
  return hi;
}

}  // namespace

std::string series_color(std::size_t index) {
  // As many colours as the default scenario has strategies, so no two rows share one.
  static const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
                                  "#e377c2", "#17becf", "#7f7f7f", "#bcbd22", "#000080", "#800000"};
  return palette[index % std::size(palette)];
}

std::string line_chart(const ChartFrame& f, const std::vector<Series>& series) {
  std::string svg;
  const auto p = open_chart(svg, f, highest(series, [](auto& pt) { return pt.first; }),
                            highest(series, [](auto& pt) { return pt.second; }), series);
  for (const auto& s : series) {
    if (s.points.empty()) continue;
    std::string path;
    for (const auto& [x, y] : s.points)
      path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", p.x(x), p.y(y));
    svg += fmt::format("<path d=\"{}\" class=\"line\" stroke=\"{}\"/>\n", path, s.color);
  }
  return svg + "</svg>\n";
}

std::string scatter_chart(const ChartFrame& f, const std::vector<Series>& series, const Series& limit) {
  std::string svg;
  auto legend = series;
  if (!limit.points.empty()) legend.push_back(limit);
  const auto p = open_chart(svg, f, highest(series, [](auto& pt) { return pt.first; }),
                            highest(series, [](auto& pt) { return pt.second; }), legend);
  std::string path;
  for (const auto& [x, y] : limit.points)
    if (x <= p.x_max && y <= p.y_max) path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", p.x(x), p.y(y));
  if (!path.empty())
    svg += fmt::format("<path d=\"{}\" class=\"line\" stroke=\"{}\" stroke-dasharray=\"5 4\"/>\n", path, limit.color);
  for (const auto& s : series)
    for (const auto& [x, y] : s.points)
      svg += fmt::format(
          "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"6\" fill=\"{}\"><title>{}: {} s, {} requests</title></circle>\n",
          p.x(x), p.y(y), s.color, markup_escaped(s.label), tick_label(x), tick_label(y));
  return svg + "</svg>\n";
}

std::string bar_chart(const ChartFrame& f, const std::vector<std::string>& groups,
                      const std::vector<Series>& categories) {
  std::string svg;
  const double hi = highest(categories, [](auto& pt) { return pt.second; });
  const auto p = open_chart(svg, f, 1, hi, categories, false);
  const double group_width = (f.width - left - right) / static_cast<double>(std::max<std::size_t>(1, groups.size()));
  const double bar = group_width * 0.8 / static_cast<double>(std::max<std::size_t>(1, categories.size()));
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const double x0 = left + group_width * static_cast<double>(g) + group_width * 0.1;
    for (std::size_t c = 0; c < categories.size(); ++c) {
      const double v = g < categories[c].points.size() ? categories[c].points[g].second : 0;
      svg += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
          "<title>{} / {}: {}</title></rect>\n",
          x0 + bar * static_cast<double>(c), p.y(v), bar, p.y(0) - p.y(v), categories[c].color,
          markup_escaped(groups[g]), markup_escaped(categories[c].label), tick_label(v));
    }
    // Tilted 30 degrees so that long strategy names do not run into each other.
    svg += fmt::format(
        "<text transform=\"translate({:.1f} {}) rotate(-30)\" class=\"tick\" text-anchor=\"end\">{}</text>\n",
        x0 + group_width * 0.4, f.height - bottom + 12, markup_escaped(groups[g]));
  }
  return svg + "</svg>\n";
}

}  // namespace pollbench::reports
