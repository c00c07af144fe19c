#include <fmt/format.h>

#include "reports/columns.hpp"
#include "reports/live_section.hpp"
#include "reports/metric_glossary.hpp"
#include "reports/reporters.hpp"
#include "reports/text_table.hpp"

namespace pollbench::reports {

void TableReporter::write(const RunResult& run, std::ostream& out) const {
  TextTable table{comparison_header(run), {}, 2, {}, true};
  for (std::size_t i = 0; i < run.records.size(); ++i) {
    table.rows.push_back(comparison_row(run, run.records[i]));
    table.break_before.push_back(i > 0 && run.records[i].model != run.records[i - 1].model);  // group by model
  }
  out << fmt::format("pollbench {} — scenario \"{}\", mode {}, seed {}\n\n", run.version, run.scenario, run.mode,
                     run.seed);
  const auto live = run.live ? std::optional{live_section(*run.live)} : std::nullopt;
  if (live) write_partial_banner(*live, out);
  write_aligned(table, out);
  out << '\n' << table_legend(table.header);
  if (live) write_live_section(*live, out, false);
}

}  // namespace pollbench::reports
