#pragma once
// What the metrics mean, from the metric schema: the notes under the comparison tables
// and the metric list of `run --help`.

#include <string>

namespace pollbench::reports {

// The Markdown and HTML reports word two notes differently; their goldens pin both.
enum class NoteWording { markdown, html };

// "req: status requests per task. detect: ..." for the columns defined under the tables.
std::string table_notes(NoteWording wording);
// Every metric by its dotted name, its table columns and what it means.
std::string metrics_help_text();

}  // namespace pollbench::reports
