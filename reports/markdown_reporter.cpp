#include <fmt/format.h>

#include "reports/columns.hpp"
#include "reports/live_section.hpp"
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
  out << "\nreq: status requests per task. detect: time from the task's terminal moment to the client knowing it, "
         "over tasks whose outcome the client reported correctly. false t/o: gave up on a task that does finish. "
         "lost: never reported. wrong: reported failure for a success, or an error for a task that finished.\n";
  if (live) write_live_section(*live, out, true);
}

}  // namespace pollbench::reports
