#include <fmt/format.h>

#include "reports/columns.hpp"
#include "reports/reporters.hpp"

namespace pollbench::reports {

void MarkdownReporter::write(const RunResult& run, std::ostream& out) const {
  out << "# pollbench results\n\n";
  out << fmt::format("Scenario `{}`, mode `{}`, seed {}, pollbench {}.\n\n", run.scenario, run.mode, run.seed,
                     run.version);
  const auto header = comparison_header(run);
  auto line = [&](const std::vector<std::string>& cells) {
    out << '|';
    for (const auto& cell : cells) out << ' ' << cell << " |";
    out << '\n';
  };
  line(header);
  out << '|';
  for (std::size_t c = 0; c < header.size(); ++c) out << (c < 2 ? " --- |" : " ---: |");
  out << '\n';
  for (const auto& r : run.records) line(comparison_row(run, r));
  out << "\nreq: status requests per task. detect: time from the task's terminal moment to the client knowing it, "
         "over tasks whose outcome the client reported correctly. false t/o: gave up on a task that does finish. "
         "lost: never reported. wrong: reported failure for a success, or an error for a task that finished.\n";
}

}  // namespace pollbench::reports
