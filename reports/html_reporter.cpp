#include <algorithm>
#include <fmt/format.h>

#include "reports/columns.hpp"
#include "reports/escape.hpp"
#include "reports/live_section.hpp"
#include "reports/metric_glossary.hpp"
#include "reports/reporters.hpp"
#include "reports/svg_chart.hpp"
#include "reports/units.hpp"

namespace pollbench::reports {

namespace {

constexpr double reliable_limit = 0.01;

constexpr const char* style =
    R"(body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1120px;color:#222;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta,.note{color:#555}.partial{background:#fff3cd;border:1px solid #c9a227;padding:8px}table{border-collapse:collapse;margin:8px 0 16px;font-variant-numeric:tabular-nums}
th,td{padding:3px 9px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}th{background:#f6f6f6}
td:nth-child(-n+2),th:nth-child(-n+2){text-align:left}.charts{display:flex;flex-wrap:wrap;gap:8px}
svg.chart{background:#fff;border:1px solid #eee}.title{font-weight:600;font-size:13px}.tick{font-size:11px;fill:#555}
.label{font-size:12px;fill:#333}.legend{font-size:11px}.grid{stroke:#eee}.axis{stroke:#999}
.line{fill:none;stroke-width:2})";

// Lost, false timeouts and wrong outcomes: the share of tasks the client got wrong.
double unreliable(const ResultRecord& r) { return r.lost_rate + r.false_timeout_rate + r.wrong_outcome_rate; }

std::vector<const ResultRecord*> rows_of(const RunResult& run, const std::string& model) {
  std::vector<const ResultRecord*> rows;
  for (const auto& r : run.records)
    if (r.model == model) rows.push_back(&r);
  return rows;
}

std::vector<std::string> models_of(const RunResult& run) {
  std::vector<std::string> models;
  for (const auto& r : run.records)
    if (std::find(models.begin(), models.end(), r.model) == models.end()) models.push_back(r.model);
  return models;
}

std::string table_html(const RunResult& run, const std::vector<const ResultRecord*>& rows) {
  std::string html = "<table>\n<tr>";
  for (const auto& h : comparison_header(run)) html += "<th>" + markup_escaped(h) + "</th>";
  html += "</tr>\n";
  for (const auto* r : rows) {
    html += "<tr>";
    for (const auto& cell : comparison_row(run, *r)) html += "<td>" + markup_escaped(cell) + "</td>";
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

template <class Better>
const ResultRecord* best_reliable(const std::vector<const ResultRecord*>& rows, Better better) {
  const ResultRecord* best = nullptr;
  for (const auto* r : rows)
    if (unreliable(*r) <= reliable_limit && r->detected > 0 && (best == nullptr || better(*r, *best))) best = r;
  return best;
}

std::string winners_html(const RunResult& run) {
  std::string html =
      "<table>\n<tr><th>model</th><th>fewest requests</th><th>fastest detection</th><th>most reliable</th></tr>\n";
  for (const auto& model : models_of(run)) {
    const auto rows = rows_of(run, model);
    const auto* frugal = best_reliable(rows, [](auto& a, auto& b) { return a.requests.mean < b.requests.mean; });
    const auto* fast =
        best_reliable(rows, [](auto& a, auto& b) { return a.detection_latency_s.mean < b.detection_latency_s.mean; });
    const auto* sure =
        *std::min_element(rows.begin(), rows.end(), [](auto* a, auto* b) { return unreliable(*a) < unreliable(*b); });
    auto cell = [](const ResultRecord* r, const std::string& detail) {
      return r == nullptr ? std::string("none reliable") : markup_escaped(r->strategy) + " (" + detail + ")";
    };
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", markup_escaped(model),
                        cell(frugal, frugal ? human_count(frugal->requests.mean) + " req" : ""),
                        cell(fast, fast ? human_duration(fast->detection_latency_s.mean) : ""),
                        cell(sure, human_percent(unreliable(*sure)) + " wrong or lost"));
  }
  return html +
         "</table>\n<p class=\"note\">Fewest requests and fastest detection are chosen among strategies "
         "whose lost, false-timeout and wrong-outcome rates add up to at most 1%.</p>\n";
}

std::string model_charts(const RunResult& run, const std::vector<const ResultRecord*>& rows, const std::string& model) {
  std::vector<Series> scatter, cdf, rps;
  std::vector<std::string> names;
  std::vector<Series> rates = {{"timeout", series_color(0), {}},
                               {"false timeout", series_color(1), {}},
                               {"lost", series_color(3), {}},
                               {"wrong outcome", series_color(4), {}}};
  bool any_rps = false;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = *rows[i];
    const auto color = series_color(i);
    names.push_back(r.strategy);
    if (r.detected > 0) scatter.push_back({r.strategy, color, {{r.detection_latency_s.mean, r.requests.mean}}});
    Series line{r.strategy, color, {}};
    // Up to p99: a lone maximum would squash every curve against the left edge.
    for (std::size_t p = 0; p + 1 < r.detection_latency_cdf_s.size(); ++p)
      line.points.emplace_back(r.detection_latency_cdf_s[p], static_cast<double>(p) / 100.0);
    cdf.push_back(std::move(line));
    const double g = static_cast<double>(i);
    rates[0].points.emplace_back(g, 100 * r.timeout_rate);
    rates[1].points.emplace_back(g, 100 * r.false_timeout_rate);
    rates[2].points.emplace_back(g, 100 * r.lost_rate);
    rates[3].points.emplace_back(g, 100 * r.wrong_outcome_rate);
    Series rate{r.strategy, color, {}};
    for (std::size_t k = 0; k < r.requests_per_second.peak.size(); ++k) {
      rate.points.emplace_back(static_cast<double>(k) * r.requests_per_second.step_s, r.requests_per_second.peak[k]);
      any_rps = any_rps || r.requests_per_second.peak[k] > 0;
    }
    rps.push_back(std::move(rate));
  }
  std::string html = "<div class=\"charts\">\n";
  Series limit{"optimal frontier", "#555555", {}};
  for (const auto& f : run.frontiers)
    if (f.model == model) limit.points = f.delay_s_requests;
  html += scatter_chart({model + ": cost against speed", "mean detection latency (s)", "mean requests per task"},
                        scatter, limit);
  html += line_chart({model + ": detection latency CDF", "detection latency (s)", "share of detected tasks"}, cdf);
  html += bar_chart({model + ": what went wrong", "", "% of tasks"}, names, rates);
  if (any_rps)
    html += line_chart({model + ": requests per second", "run time (s)", "requests in the busiest second"}, rps);
  return html + "</div>\n";
}

// A live run's banner (if it stopped early), facts and agreement table.
std::string live_html(const LiveSection& section) {
  std::string html = "<h2>Live run</h2>\n<ul>\n";
  for (const auto& fact : section.facts) html += "<li>" + markup_escaped(fact) + "</li>\n";
  html += "</ul>\n";
  if (section.agreement.rows.empty()) return html;
  html += "<table>\n<tr>";
  for (const auto& h : section.agreement.header) html += "<th>" + markup_escaped(h) + "</th>";
  html += "</tr>\n";
  for (const auto& row : section.agreement.rows) {
    html += "<tr>";
    for (const auto& cell : row) html += "<td>" + markup_escaped(cell) + "</td>";
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

}  // namespace

void HtmlReporter::write(const RunResult& run, std::ostream& out) const {
  const auto live = run.live ? std::optional{live_section(*run.live)} : std::nullopt;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << fmt::format("<title>pollbench report: {}</title>\n", markup_escaped(run.scenario)) << "<style>\n"
      << style << "\n</style>\n</head>\n<body>\n<h1>pollbench report</h1>\n"
      << fmt::format("<p class=\"meta\">Scenario <b>{}</b>, mode {}, seed {}, pollbench {}.</p>\n",
                     markup_escaped(run.scenario), markup_escaped(run.mode), run.seed, markup_escaped(run.version))
      << (live && live->partial_banner ? "<p class=\"partial\">" + markup_escaped(*live->partial_banner) + "</p>\n"
                                       : std::string())
      << "<h2>Which strategy wins</h2>\n"
      << winners_html(run);
  for (const auto& model : models_of(run)) {
    const auto rows = rows_of(run, model);
    out << fmt::format("<h2 id=\"{0}\">{0}</h2>\n", markup_escaped(model)) << model_charts(run, rows, model)
        << table_html(run, rows);
  }
  if (live) out << live_html(*live);
  out << "<p class=\"note\">" << markup_escaped(table_notes(NoteWording::html)) << "</p>\n"
      << "</body>\n</html>\n";
}

}  // namespace pollbench::reports
