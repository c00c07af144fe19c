#include "reports/svg_chart.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "reports/escape.hpp"

namespace pollbench::reports {

namespace {

// The largest size the page's style sheet gives .tick and .name (on a phone, where the
// charts are drawn smaller): room is made for that.
constexpr double tick_px = 14;
constexpr double caption_px = 15, caption_line = 17;  // .label, likewise
constexpr double top = 10, bottom = 46, inset = 9;    // inset: markers never touch the frame

struct Plot {
  const ChartFrame& f;
  double left, right;  // the frame's pixel columns; the top is `top`, the bottom f.height - bottom
  double x(double v) const { return left + inset + (right - left - 2 * inset) * f.x.fraction(v); }
  double y(double v) const {
    return f.height - bottom - inset - (f.height - bottom - top - 2 * inset) * f.y.fraction(v);
  }
};

double widest(const std::vector<double>& ticks) {
  double w = 0;
  for (double t : ticks) w = std::max(w, text_width(tick_text(t), tick_px));
  return w;
}

std::string svg_open(const std::string& title, double width, double height) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" aria-label=\"{2}\">\n",
      width, height, markup_escaped(title));
}

// The x axis's ticks, grid and caption under a plot spanning [left, right].
template <class Scale>
void x_axis(std::string& svg, const Axis& axis, double left, double right, double base, double grid_top, Scale at) {
  for (double v : axis_ticks(axis, right - left - 2 * inset, tick_px, false))
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" class=\"grid\"/>"
        "<text x=\"{0:.1f}\" y=\"{3}\" class=\"tick\" text-anchor=\"middle\">{4}</text>\n",
        at(v), grid_top, base, base + 16, tick_text(v));
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"label\" text-anchor=\"middle\">{}</text>\n",
                     (left + right) / 2, base + 38, markup_escaped(axis.caption()));
}

// The frame, grid, ticks and captions; returns the plot's scales.
Plot open_chart(std::string& svg, const ChartFrame& f) {
  const double plot_height = f.height - top - bottom - 2 * inset;
  const auto y_ticks = axis_ticks(f.y, plot_height, tick_px, true);
  const auto x_last = tick_text(f.x.hi);
  // The y caption runs along the plot's height, in as many lines as it needs.
  const auto caption =
      wrapped_label(f.y.caption(), static_cast<std::size_t>((f.height - top - bottom) / (caption_px * 0.6)));
  const double caption_w = caption_line * static_cast<double>(caption.size());
  Plot p{f, 8 + caption_w + widest(y_ticks) + 8, f.width - std::max(12.0, text_width(x_last, tick_px) / 2 + 4 - inset)};
  svg += svg_open(f.title, f.width, f.height);
  const double base = f.height - bottom;
  for (double v : y_ticks)
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" x2=\"{1:.1f}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" class=\"grid\"/>"
        "<text x=\"{3:.1f}\" y=\"{4:.1f}\" class=\"tick\" text-anchor=\"end\">{5}</text>\n",
        p.left, p.right, p.y(v), p.left - 6, p.y(v) + 4, tick_text(v));
  x_axis(svg, f.x, p.left, p.right, base, top, [&](double v) { return p.x(v); });
  svg += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" class=\"frame\"/>\n", p.left, top,
                     p.right - p.left, base - top);
  for (std::size_t i = 0; i < caption.size(); ++i)
    svg += fmt::format(
        "<text transform=\"translate({:.1f} {:.1f}) rotate(-90)\" class=\"label\" text-anchor=\"middle\">{}</text>\n",
        1 + caption_line * static_cast<double>(i + 1), (top + base) / 2, markup_escaped(caption[i]));
  return p;
}

std::string path_of(const Plot& p, const std::vector<std::pair<double, double>>& points) {
  std::string path;
  for (const auto& [x, y] : points) path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", p.x(x), p.y(y));
  return path;
}

bool inside(const Axis& a, double v) { return v >= a.lo * (1 - 1e-9) && v <= a.hi * (1 + 1e-9); }

std::string value_text(double v, const std::string& unit) {
  return (v == 0 ? std::string("0") : fmt::format("{:.3g}", v)) + unit;
}

}  // namespace

std::string series_color(std::size_t index) {
  // Okabe and Ito (2008): told apart with any of the common colour-vision deficiencies.
  static const char* palette[max_series] = {"#0072b2", "#e69f00", "#009e73", "#d55e00", "#56b4e9", "#cc79a7"};
  return palette[index % max_series];
}

std::string marker_svg(std::size_t index, double x, double y, const std::string& color) {
  const auto style = fmt::format("fill=\"{0}\" fill-opacity=\"0.35\" stroke=\"{0}\" stroke-width=\"1.8\"", color);
  switch (index % max_series) {
    case 0:
      return fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"5.5\" {}/>", x, y, style);
    case 1:
      return fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"10\" height=\"10\" {}/>", x - 5, y - 5, style);
    case 2:
      return fmt::format("<path d=\"M{:.1f},{:.1f} l6,10.5 h-12 z\" {}/>", x, y - 6.5, style);
    case 3:
      return fmt::format("<path d=\"M{:.1f},{:.1f} l6.5,6.5 l-6.5,6.5 l-6.5,-6.5 z\" {}/>", x, y - 6.5, style);
    case 4:
      return fmt::format("<path d=\"M{:.1f},{:.1f} l6,-10.5 h-12 z\" {}/>", x, y + 6.5, style);
    default:
      return fmt::format("<path d=\"M{0:.1f},{1:.1f} l10,10 m0,-10 l-10,10\" stroke=\"{2}\" stroke-width=\"2.6\"/>",
                         x - 5, y - 5, color);
  }
}

std::vector<std::string> wrapped_label(const std::string& text, std::size_t max_chars) {
  std::vector<std::string> lines;
  std::string rest = text;
  while (rest.size() > max_chars && max_chars > 1) {
    // The last break character that keeps the line short enough, or a hard cut.
    const auto at = rest.find_last_of("_- ", max_chars - 1);
    const std::size_t cut = at == std::string::npos || at == 0 ? max_chars : at + 1;
    lines.push_back(rest.substr(0, cut));
    rest.erase(0, cut);
  }
  lines.push_back(rest);
  return lines;
}

std::string line_chart(const ChartFrame& f, const std::vector<Series>& series) {
  std::string svg;
  const auto p = open_chart(svg, f);
  for (const auto& s : series)
    if (!s.points.empty())
      svg += fmt::format("<path d=\"{}\" class=\"line\" stroke=\"{}\"><title>{}</title></path>\n", path_of(p, s.points),
                         s.color, markup_escaped(s.label));
  return svg + "</svg>\n";
}

std::string scatter_chart(const ChartFrame& f, const std::vector<Series>& series, const Series& limit) {
  std::string svg;
  const auto p = open_chart(svg, f);
  std::vector<std::pair<double, double>> frontier;  // what lies beyond the axes is left out
  for (const auto& pt : limit.points)
    if (inside(f.x, pt.first) && inside(f.y, pt.second)) frontier.push_back(pt);
  if (!frontier.empty())
    svg += fmt::format("<path d=\"{}\" class=\"line\" stroke=\"{}\" stroke-dasharray=\"6 4\"/>\n", path_of(p, frontier),
                       limit.color);
  for (std::size_t i = 0; i < series.size(); ++i)
    for (const auto& [x, y] : series[i].points)
      svg += fmt::format("<g><title>{}: {} s, {} requests</title>{}</g>\n", markup_escaped(series[i].label),
                         fmt::format("{:.3g}", x), fmt::format("{:.3g}", y),
                         marker_svg(i, p.x(x), p.y(y), series[i].color));
  return svg + "</svg>\n";
}

std::string stacked_bar_chart(const StackedBars& b) {
  if (b.names.empty()) return {};
  constexpr double name_px = tick_px, line_h = 17, bar_h = 14, total_room = 56;
  const auto max_chars = static_cast<std::size_t>(0.4 * b.width / (name_px * 0.6));
  std::vector<std::vector<std::string>> names;
  std::vector<double> totals(b.names.size(), 0.0);
  double label_w = 0, height = top + bottom;
  for (std::size_t r = 0; r < b.names.size(); ++r) {
    names.push_back(wrapped_label(b.names[r], max_chars));
    for (const auto& line : names.back()) label_w = std::max(label_w, text_width(line, name_px));
    height += std::max(24.0, line_h * static_cast<double>(names.back().size()) + 9);
    for (const auto& part : b.parts) totals[r] += r < part.points.size() ? part.points[r].second : 0;
  }
  // Linear whatever the spread: a stack's parts must add up along the axis.
  const auto axis = axis_for(b.value_label, {std::max(b.mark, *std::max_element(totals.begin(), totals.end()))});
  const double left = label_w + 12, right = b.width - total_room;
  const auto x = [&](double v) { return left + inset + (right - left - 2 * inset) * axis.fraction(v); };
  std::string svg = svg_open(b.title, b.width, height);
  x_axis(svg, axis, left, right, height - bottom, top, x);
  double row_top = top;
  for (std::size_t r = 0; r < names.size(); ++r) {
    const double pitch = std::max(24.0, line_h * static_cast<double>(names[r].size()) + 9), mid = row_top + pitch / 2;
    for (std::size_t l = 0; l < names[r].size(); ++l)
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"name\" text-anchor=\"end\">{}</text>\n", left - 6,
                         mid + 4 + line_h * (static_cast<double>(l) - static_cast<double>(names[r].size() - 1) / 2),
                         markup_escaped(names[r][l]));
    double sum = 0;
    for (const auto& part : b.parts) {
      const double v = r < part.points.size() ? part.points[r].second : 0;
      if (v > 0)
        svg += fmt::format(
            "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"><title>{}, {}: "
            "{}</title></rect>\n",
            x(sum), mid - bar_h / 2, x(sum + v) - x(sum), bar_h, part.color, markup_escaped(b.names[r]),
            markup_escaped(part.label), value_text(v, b.unit));
      sum += v;
    }
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"tick\">{}</text>\n", x(sum) + 4, mid + 4,
                       value_text(sum, b.unit));
    row_top += pitch;
  }
  if (b.mark > 0)
    svg += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" class=\"mark\"/>\n", x(b.mark), top,
                       height - bottom);
  return svg + "</svg>\n";
}

}  // namespace pollbench::reports
