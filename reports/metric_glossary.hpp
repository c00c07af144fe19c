#pragma once
// What the metrics mean, from the metric schema: the notes under the comparison tables,
// the terminal table's legend and the metric list of `run --help`.

#include <string>
#include <vector>

namespace pollbench::reports {

// The Markdown and HTML reports word two notes differently; their goldens pin both.
enum class NoteWording { markdown, html };

// "req: status requests per task. detect: ..." for the columns defined under the tables.
std::string table_notes(NoteWording wording);
// What a column means: "req" (for "req mean" and "req p95") and its gloss.
struct ColumnGloss {
  std::string column;
  std::string text;
};
// The schema's columns among `headers`, in the schema's order: one entry per gloss.
std::vector<ColumnGloss> column_glosses(const std::vector<std::string>& headers, NoteWording wording);
// The legend under the terminal table: what each of its columns means, one entry a line,
// for the schema's columns among `headers`.
std::string table_legend(const std::vector<std::string>& headers);
// Every metric by its dotted name, its table columns and what it means.
std::string metrics_help_text();

}  // namespace pollbench::reports
