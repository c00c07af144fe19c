#include <fmt/format.h>

#include "reports/columns.hpp"
#include "reports/escape.hpp"
#include "reports/html_charts.hpp"
#include "reports/live_section.hpp"
#include "reports/metric_glossary.hpp"
#include "reports/recommendation.hpp"
#include "reports/reporters.hpp"

namespace pollbench::reports {

namespace {

// One column of charts on a narrow screen, two a row on a wide one; tables scroll inside
// their box rather than widen the page. On a phone, where the charts are drawn smaller,
// their text is larger: svg_chart.cpp makes room for that size.
constexpr const char* style =
    R"(*{box-sizing:border-box}body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1180px;padding:12px 16px 32px;color:#222;overflow-wrap:anywhere}
h1{font-size:24px;margin:8px 0 2px}h2{font-size:20px;margin:36px 0 10px;border-bottom:1px solid #ddd;padding-bottom:4px}
p{margin:6px 0}.meta,.note{color:#555}.partial{background:#fff3cd;border:1px solid #c9a227;padding:8px}
nav{margin:10px 0}nav a{margin-right:14px;color:#0072b2}
.answers{list-style:none;padding:0;margin:12px 0}.answers li{border-left:4px solid #0072b2;background:#f3f7fb;padding:8px 12px;margin:0 0 10px}
.answers p{font-size:16px;margin:0}
pre{margin:6px 0 0;padding:6px 8px;background:#fff;border:1px solid #d5dde6;font-size:14px;white-space:pre-wrap;overflow-wrap:anywhere}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,460px),1fr));gap:20px 28px;margin:8px 0 16px}
figure{margin:0;min-width:0}figcaption{font-weight:600;margin:0 0 4px}
svg.chart{display:block;width:100%;height:auto}.tick,.name{font-size:12px;fill:#444}.name{fill:#222}.label{font-size:13px;fill:#222}
.grid{stroke:#e8e8e8}.frame{fill:none;stroke:#999}.line{fill:none;stroke-width:2;stroke-linejoin:round}.mark{stroke:#444;stroke-width:1.5;stroke-dasharray:5 3}
.legend{list-style:none;padding:0;margin:4px 0 0;display:flex;flex-wrap:wrap;gap:2px 14px;font-size:13px}
.legend li{display:flex;align-items:center;gap:4px}svg.key{flex:none}
details{margin:8px 0 16px}summary{cursor:pointer;color:#0072b2}
.scroll{overflow-x:auto;max-width:100%;margin:8px 0 16px}table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:14px}
th,td{padding:3px 9px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}th{background:#f4f4f4}
td:first-child,th:first-child,.two td:nth-child(2),.two th:nth-child(2){text-align:left}tr.pick td{background:#eaf3fa;font-weight:600}
dl{margin:8px 0}dt{font-weight:600}dd{margin:0 0 8px 18px}
@media (max-width:600px){.tick,.name{font-size:14px}.label{font-size:15px}})";

std::vector<const ResultRecord*> rows_of(const RunResult& run, const std::string& model) {
  std::vector<const ResultRecord*> rows;
  for (const auto& r : run.records)
    if (r.model == model) rows.push_back(&r);
  return rows;
}

// `css_class` "two" aligns the first two columns as text; otherwise only the first is.
std::string table_html(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::string& css_class, const std::vector<bool>& picked = {}) {
  std::string html = "<div class=\"scroll\">\n<table class=\"" + css_class + "\">\n<tr>";
  for (const auto& h : header) html += "<th>" + markup_escaped(h) + "</th>";
  html += "</tr>\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    html += i < picked.size() && picked[i] ? "<tr class=\"pick\">" : "<tr>";
    for (const auto& cell : rows[i]) html += "<td>" + markup_escaped(cell) + "</td>";
    html += "</tr>\n";
  }
  return html + "</table>\n</div>\n";
}

// The first screen: per model one sentence and the recommended entry to paste.
std::string answers_html(const RunResult& run, const std::vector<Recommendation>& recs) {
  std::string html = "<h2 id=\"answer\">What to use</h2>\n<ul class=\"answers\">\n";
  bool entries_missing = false;
  for (const auto& rec : recs) {
    html += "<li><p>" + markup_escaped(recommendation_sentence(rec)) + "</p>";
    for (const auto* r : {rec.pick, rec.callback}) {
      const auto entry = r ? strategy_entry(run.scenario, r->strategy) : std::nullopt;
      if (entry) html += "<pre><code>" + markup_escaped(*entry) + "</code></pre>";
      entries_missing = entries_missing || (r && !entry);
    }
    html += "</li>\n";
  }
  html += "</ul>\n<p class=\"note\">" + markup_escaped(std::string(recommendation_rule)) +
          " Each box is a strategy's entry for a scenario's \"strategies\" list, in the order the sentence names them";
  html += entries_missing ? "; a strategy without one is named in the scenario file the run read.</p>\n" : ".</p>\n";
  html += "<nav>Per model:";
  for (const auto& rec : recs) html += fmt::format(" <a href=\"#{0}\">{0}</a>", markup_escaped(rec.model));
  return html + " <a href=\"#glossary\">glossary</a></nav>\n";
}

std::string model_html(const RunResult& run, const Recommendation& rec) {
  const auto rows = rows_of(run, rec.model);
  // The model column left out: the heading names it, and the table fits a wider page.
  auto header = comparison_header(run);
  header.erase(header.begin());
  std::vector<std::vector<std::string>> cells;
  std::vector<bool> picked;
  for (const auto* r : rows) {
    cells.push_back(comparison_row(run, *r));
    cells.back().erase(cells.back().begin());
    picked.push_back(r == rec.pick || r == rec.callback);
  }
  return fmt::format("<h2 id=\"{0}\">{0}</h2>\n", markup_escaped(rec.model)) + model_charts_html(run, rec.model, rows) +
         table_html(header, cells, "one", picked);
}

std::string glossary_html(const RunResult& run) {
  std::string html =
      "<h2 id=\"glossary\">What the columns and charts mean</h2>\n<dl>\n"
      "<dt>strategy</dt><dd>how the client waits for the result (docs/strategies.md); the highlighted rows are "
      "those recommended above. Each model's table is under its heading.</dd>\n"
      "<dt>mean, p95</dt><dd>of a column: the average over the tasks, and the value 95% of them stay within "
      "(nearest rank).</dd>\n";
  for (const auto& g : column_glosses(comparison_header(run), NoteWording::html))
    html += "<dt>" + markup_escaped(g.column) + "</dt><dd>" + markup_escaped(g.text) + ".</dd>\n";
  return html +
         "<dt>optimal frontier (dashed line)</dt><dd>the fewest status requests per task that any polling schedule "
         "can average at each mean detection latency, for the model's completion-time law (the optimal checking "
         "times, docs/optimal-bound.md). A strategy's distance above it is waste; nothing that polls can lie below "
         "it, but callbacks can.</dd>\n"
         "<dt>log scale</dt><dd>an axis whose values span decades is logarithmic: equal steps multiply. A value of "
         "0 there (a webhook sends no status request) sits on the axis's lower edge, marked 0, a gap below the "
         "smallest other value.</dd>\n"
         "<dt>what went wrong</dt><dd>false timeouts, lost and wrong outcomes stacked; the dashed line is the 1% a "
         "recommended strategy may not exceed. Rates are of the pair's tasks.</dd>\n</dl>\n";
}

// A live run's facts and agreement table.
std::string live_html(const LiveSection& section) {
  std::string html = "<h2>Live run</h2>\n<ul>\n";
  for (const auto& fact : section.facts) html += "<li>" + markup_escaped(fact) + "</li>\n";
  html += "</ul>\n";
  if (section.agreement.rows.empty()) return html;
  return html + table_html(section.agreement.header, section.agreement.rows, "two");
}

}  // namespace

void HtmlReporter::write(const RunResult& run, std::ostream& out) const {
  const auto live = run.live ? std::optional{live_section(*run.live)} : std::nullopt;
  const auto recs = recommendations(run);
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << fmt::format("<title>pollbench report: {}</title>\n", markup_escaped(run.scenario)) << "<style>\n"
      << style << "\n</style>\n</head>\n<body>\n<h1>pollbench report</h1>\n"
      << fmt::format("<p class=\"meta\">Scenario <b>{}</b>, mode {}, seed {}, pollbench {}.</p>\n",
                     markup_escaped(run.scenario), markup_escaped(run.mode), run.seed, markup_escaped(run.version))
      << (live && live->partial_banner ? "<p class=\"partial\">" + markup_escaped(*live->partial_banner) + "</p>\n"
                                       : std::string())
      << answers_html(run, recs);
  for (const auto& rec : recs) out << model_html(run, rec);
  if (live) out << live_html(*live);
  out << glossary_html(run) << "</body>\n</html>\n";
}

}  // namespace pollbench::reports
