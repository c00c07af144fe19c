#include "reports/html_charts.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "reports/escape.hpp"
#include "reports/recommendation.hpp"
#include "reports/svg_chart.hpp"

namespace pollbench::reports {

namespace {

constexpr const char* frontier_color = "#444444";

std::string titled(const std::string& title, const RowGroup& g) {
  return g.name.empty() ? title : title + ", " + g.name;
}

// A key as small as a legend line: the series' marker, or a stroke of its line (dashed for
// the frontier, a block for a bar's part).
enum class Key { marker, line, dashed, block };

std::string key_svg(Key key, std::size_t index, const std::string& color) {
  std::string shape;
  switch (key) {
    case Key::marker:
      shape = marker_svg(index, 9, 8, color);
      break;
    case Key::line:
      shape = fmt::format("<path d=\"M1,8 H17\" stroke=\"{}\" stroke-width=\"3\"/>", color);
      break;
    case Key::dashed:
      shape = fmt::format("<path d=\"M1,8 H17\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>", color);
      break;
    case Key::block:
      shape = fmt::format("<rect x=\"2\" y=\"3\" width=\"14\" height=\"10\" fill=\"{}\"/>", color);
      break;
  }
  return "<svg class=\"key\" width=\"18\" height=\"16\" viewBox=\"0 0 18 16\" aria-hidden=\"true\">" + shape + "</svg>";
}

struct LegendEntry {
  Key key;
  std::size_t index;
  std::string color, label;
};

std::string figure(const std::string& title, const std::string& svg, const std::vector<LegendEntry>& legend) {
  std::string html =
      "<figure>\n<figcaption>" + markup_escaped(title) + "</figcaption>\n" + svg + "<ul class=\"legend\">";
  for (const auto& e : legend) html += "<li>" + key_svg(e.key, e.index, e.color) + markup_escaped(e.label) + "</li>";
  return html + "</ul>\n</figure>\n";
}

std::vector<LegendEntry> series_legend(const std::vector<Series>& series, Key key) {
  std::vector<LegendEntry> legend;
  for (std::size_t i = 0; i < series.size(); ++i) legend.push_back({key, i, series[i].color, series[i].label});
  return legend;
}

// Detection latency at 1%, ..., 99%: the lowest share is left out of the axis so that a
// lone instant detection does not stretch it, the maximum so that one straggler does not.
std::vector<std::pair<double, double>> cdf_points(const ResultRecord& r) {
  std::vector<std::pair<double, double>> points;
  for (std::size_t p = 1; p + 1 < r.detection_latency_cdf_s.size(); ++p)
    points.emplace_back(r.detection_latency_cdf_s[p], static_cast<double>(p) / 100.0);
  return points;
}

std::vector<std::pair<double, double>> rate_points(const ResultRecord& r) {
  std::vector<std::pair<double, double>> points;
  for (std::size_t k = 0; k < r.requests_per_second.peak.size(); ++k)
    points.emplace_back(static_cast<double>(k) * r.requests_per_second.step_s, r.requests_per_second.peak[k]);
  return points;
}

template <class Points>
std::vector<Series> series_of(const RowGroup& g, Points points) {
  std::vector<Series> series;
  for (std::size_t i = 0; i < g.rows.size(); ++i)
    series.push_back({g.rows[i]->strategy, series_color(i), points(*g.rows[i])});
  return series;
}

template <class Points>
std::vector<double> coordinates(const std::vector<const ResultRecord*>& rows, Points points, bool x) {
  std::vector<double> values;
  for (const auto* r : rows)
    for (const auto& pt : points(*r)) values.push_back(x ? pt.first : pt.second);
  return values;
}

std::vector<std::pair<double, double>> mean_point(const ResultRecord& r) {
  if (r.detected == 0) return {};
  return {{r.detection_latency_s.mean, r.requests.mean}};
}

std::string scatter_figures(const RunResult& run, const std::string& model,
                            const std::vector<const ResultRecord*>& rows, const std::vector<RowGroup>& groups) {
  Series limit{"optimal frontier", frontier_color, {}};
  for (const auto& f : run.frontiers)
    if (f.model == model) limit.points = f.delay_s_requests;
  const Axis x = axis_for("mean detection latency (s)", coordinates(rows, mean_point, true));
  const Axis y = axis_for("mean requests a task", coordinates(rows, mean_point, false));
  std::string html;
  for (const auto& g : groups) {
    const auto title = titled(model + ": cost against speed", g);
    const auto series = series_of(g, mean_point);
    auto legend = series_legend(series, Key::marker);
    if (!limit.points.empty()) legend.push_back({Key::dashed, 0, frontier_color, limit.label});
    html += figure(title, scatter_chart({title, x, y}, series, limit), legend);
  }
  return html;
}

std::vector<std::pair<double, double>> server_point(const ResultRecord& r) {
  return {{r.connection_s, r.requests.mean}};
}

// What waiting costs each side: the client's requests against the seconds the server
// holds a connection for them (a long poll or a stream trades one for the other).
std::string server_cost_figures(const std::string& model, const std::vector<const ResultRecord*>& rows,
                                const std::vector<RowGroup>& groups) {
  const auto held = coordinates(rows, server_point, true);
  if (std::none_of(held.begin(), held.end(), [](double v) { return v > 0; })) return {};
  const Axis x = axis_for("server connection-seconds a task", held);
  const Axis y = axis_for("client requests a task", coordinates(rows, server_point, false));
  std::string html;
  for (const auto& g : groups) {
    const auto title = titled(model + ": client requests against server connection time", g);
    const auto series = series_of(g, server_point);
    html += figure(title, scatter_chart({title, x, y}, series), series_legend(series, Key::marker));
  }
  return html;
}

template <class Points>
std::string line_figures(const std::string& title, const std::vector<RowGroup>& groups, const Axis& x, const Axis& y,
                         Points points) {
  std::string html;
  for (const auto& g : groups) {
    const auto full = titled(title, g);
    const auto series = series_of(g, points);
    html += figure(full, line_chart({full, x, y}, series), series_legend(series, Key::line));
  }
  return html;
}

std::string wrong_figure(const std::string& model, const std::vector<const ResultRecord*>& rows) {
  StackedBars bars{model + ": what went wrong", "% of the strategy's tasks", "%", {}, {}, 100 * reliable_limit};
  bars.parts = {
      {"false timeout", series_color(3), {}}, {"lost", series_color(0), {}}, {"wrong outcome", series_color(1), {}}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = *rows[i];
    bars.names.push_back(r.strategy);
    const double row = static_cast<double>(i);
    bars.parts[0].points.emplace_back(row, 100 * r.false_timeout_rate);
    bars.parts[1].points.emplace_back(row, 100 * r.lost_rate);
    bars.parts[2].points.emplace_back(row, 100 * r.wrong_outcome_rate);
  }
  auto legend = series_legend(bars.parts, Key::block);
  legend.push_back({Key::dashed, 0, frontier_color, "1%: the most a recommended strategy may get wrong"});
  return figure(bars.title, stacked_bar_chart(bars), legend);
}

}  // namespace

std::vector<RowGroup> chart_groups(const std::vector<const ResultRecord*>& rows) {
  if (rows.size() <= max_series) return {{"", rows}};
  std::vector<RowGroup> groups;
  for (const bool guide : {true, false}) {
    const std::string name = guide ? "the guide's techniques" : "beyond the guide";
    std::size_t chunk = 0;
    for (const auto* r : rows) {
      if (guide_technique(r->strategy) != guide) continue;
      if (groups.empty() || groups.back().rows.size() == max_series || groups.back().name.rfind(name, 0) != 0)
        groups.push_back({++chunk == 1 ? name : fmt::format("{} ({})", name, chunk), {}});
      groups.back().rows.push_back(r);
    }
  }
  return groups;
}

std::string model_charts_html(const RunResult& run, const std::string& model,
                              const std::vector<const ResultRecord*>& rows) {
  const auto groups = chart_groups(rows);
  std::string html = "<div class=\"charts\">\n" + scatter_figures(run, model, rows, groups);
  html += line_figures(model + ": detection latency CDF", groups,
                       axis_for("detection latency (s)", coordinates(rows, cdf_points, true)),
                       linear_axis("share of detected tasks", 0, 1), cdf_points);
  html += server_cost_figures(model, rows, groups);
  html += wrong_figure(model, rows) + "</div>\n";
  const auto rates = coordinates(rows, rate_points, false);
  if (std::none_of(rates.begin(), rates.end(), [](double v) { return v > 0; })) return html;
  const auto times = coordinates(rows, rate_points, true);
  // Folded away: herds and peaks matter in contention scenarios, less in the answer.
  return html + "<details>\n<summary>" + markup_escaped(model) +
         ": requests per second over the run</summary>\n<div class=\"charts\">\n" +
         line_figures(model + ": requests per second", groups,
                      axis_for("run time (s)", {*std::max_element(times.begin(), times.end())}),
                      axis_for("requests in the busiest second", rates), rate_points) +
         "</div>\n</details>\n";
}

}  // namespace pollbench::reports
