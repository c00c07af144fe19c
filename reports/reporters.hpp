#pragma once
// One reporter per output format; each writes a whole run to the stream it is given.

#include <nlohmann/json.hpp>
#include <ostream>

#include "reports/result_record.hpp"

namespace pollbench::reports {

// Aligned columns for a terminal, rows grouped by model.
struct TableReporter {
  void write(const RunResult& run, std::ostream& out) const;
};

// A GitHub-flavoured Markdown report with the same columns as the table.
struct MarkdownReporter {
  void write(const RunResult& run, std::ostream& out) const;
};

// Every figure of every record, machine-readable, one row per (strategy, model).
struct CsvReporter {
  void write(const RunResult& run, std::ostream& out) const;
};

// A self-contained page (inline CSS and SVG, no script, no network): first what to use
// for each model against the guide's code, then per model cost against speed,
// detection-latency CDFs, what went wrong, request rate over time, and a glossary.
struct HtmlReporter {
  void write(const RunResult& run, std::ostream& out) const;
};

// One result record as the JSON contract writes it.
nlohmann::ordered_json record_json(const ResultRecord& record);

// The result JSON contract of DESIGN.md.
struct JsonReporter {
  void write(const RunResult& run, std::ostream& out) const;
};

}  // namespace pollbench::reports
