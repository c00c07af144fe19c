#include "reports/metric_glossary.hpp"

#include <algorithm>
#include <sstream>
#include <string_view>
#include <vector>

#include "reports/metric_schema.hpp"

namespace pollbench::reports {

namespace {

// Neighbouring metrics that share a gloss, such as the statistics of one summary.
struct GlossEntry {
  std::vector<const Metric*> metrics;
  Gloss gloss;
};

std::vector<GlossEntry> gloss_entries() {
  std::vector<GlossEntry> entries;
  for (const auto& m : metric_schema()) {
    if (entries.empty() || entries.back().gloss.text != m.gloss.text) entries.push_back({{}, m.gloss});
    entries.back().metrics.push_back(&m);
  }
  return entries;
}

std::vector<std::string> headers_of(const GlossEntry& e) {
  std::vector<std::string> headers;
  for (const auto* m : e.metrics)
    if (!m->header.empty()) headers.emplace_back(m->header);
  return headers;
}

// What the entry's columns have in common: "req" for "req mean" and "req p95".
std::string column_stem(const GlossEntry& e) {
  const auto headers = headers_of(e);
  if (headers.empty()) return {};
  std::string stem = headers.front();
  for (const auto& h : headers)
    stem.resize(
        static_cast<std::size_t>(std::mismatch(stem.begin(), stem.end(), h.begin(), h.end()).first - stem.begin()));
  while (!stem.empty() && stem.back() == ' ') stem.pop_back();
  return stem;
}

// "requests.mean/p50/p95": the first name whole, the others by their last part.
std::string names_of(const GlossEntry& e) {
  std::string names(e.metrics.front()->name);
  for (std::size_t i = 1; i < e.metrics.size(); ++i) {
    const auto name = e.metrics[i]->name;
    names += "/" + std::string(name.substr(name.rfind('.') + 1));
  }
  return names;
}

// `text` on lines of at most `width` characters: the first starts with `lead`, the others
// with `indent`.
std::string wrapped(const std::string& lead, const std::string& text, std::size_t width, const std::string& indent) {
  std::istringstream words(text);
  std::string out, line = lead, word;
  bool fresh = true;  // no word on the line yet
  while (words >> word) {
    if (!fresh && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = indent;
      fresh = true;
    }
    line += (fresh ? "" : " ") + word;
    fresh = false;
  }
  return out + line;
}

}  // namespace

std::string table_notes(NoteWording wording) {
  std::string notes;
  for (const auto& e : gloss_entries()) {
    if (!e.gloss.under_tables) continue;
    const bool html = wording == NoteWording::html && !e.gloss.html_text.empty();
    notes +=
        (notes.empty() ? "" : " ") + column_stem(e) + ": " + std::string(html ? e.gloss.html_text : e.gloss.text) + ".";
  }
  return notes;
}

std::vector<ColumnGloss> column_glosses(const std::vector<std::string>& headers, NoteWording wording) {
  std::vector<ColumnGloss> glosses;
  for (const auto& e : gloss_entries()) {
    const auto own = headers_of(e);
    const bool shown = std::any_of(own.begin(), own.end(), [&](const std::string& h) {
      return std::find(headers.begin(), headers.end(), h) != headers.end();
    });
    const bool html = wording == NoteWording::html && !e.gloss.html_text.empty();
    if (shown) glosses.push_back({column_stem(e), std::string(html ? e.gloss.html_text : e.gloss.text)});
  }
  return glosses;
}

std::string table_legend(const std::vector<std::string>& headers) {
  const auto glosses = column_glosses(headers, NoteWording::markdown);
  std::size_t width = 0;
  for (const auto& g : glosses) width = std::max(width, g.column.size());
  std::string legend;
  for (const auto& g : glosses)
    legend +=
        wrapped(g.column + std::string(width + 2 - g.column.size(), ' '), g.text, 88, std::string(width + 2, ' ')) +
        "\n";
  return legend + "Rates are of the pair's tasks; pollbench run --help describes every metric.\n";
}

std::string metrics_help_text() {
  const std::string intro =
      "Metrics, one row per strategy and model: status requests, detection latency and what went wrong. "
      "Names are those of the JSON, budgets and tolerances, with the table's columns in brackets; rates are "
      "fractions of the pair's tasks; percentiles are nearest-rank.";
  auto help = wrapped("", intro, 88, "");
  std::string unchecked;
  for (const auto& e : gloss_entries()) {
    const auto headers = headers_of(e);
    std::string columns;
    for (const auto& h : headers) columns += (columns.empty() ? " [" : ", ") + h;
    if (!columns.empty()) columns += "]";
    help += "\n" + wrapped("  ", names_of(e) + columns + ": " + std::string(e.gloss.text), 88, "      ");
    for (const auto* m : e.metrics)
      if (!m->gated()) unchecked += (unchecked.empty() ? "" : ", ") + std::string(m->name);
  }
  return help + "\n" + wrapped("", "Budgets and tolerances take all but " + unchecked + ".", 88, "");
}

}  // namespace pollbench::reports
