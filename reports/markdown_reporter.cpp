#include <fmt/format.h>

#include "reports/columns.hpp"
#include "reports/live_section.hpp"
#include "reports/metric_glossary.hpp"
#include "reports/reporters.hpp"
#include "reports/text_table.hpp"

namespace pollbench::reports {

void MarkdownReporter::write(const RunResult& run, std::ostream& out) const {
  out << "# pollbench results\n\n";
  out << fmt::format("Scenario `{}`, mode `{}`, seed {}, pollbench {}.\n\n", run.scenario, run.mode, run.seed,
                     run.version);
  const auto live = run.live ? std::optional{live_section(*run.live)} : std::nullopt;
  if (live) write_partial_banner(*live, out);
  TextTable table{comparison_header(run), {}, 2, {}, false};
  for (const auto& r : run.records) table.rows.push_back(comparison_row(run, r));
  write_markdown(table, out);
  out << '\n' << table_notes(NoteWording::markdown) << '\n';
  if (live) write_live_section(*live, out, true);
}

}  // namespace pollbench::reports
