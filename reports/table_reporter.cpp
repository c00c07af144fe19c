#include <algorithm>
#include <fmt/format.h>

#include "reports/columns.hpp"
#include "reports/reporters.hpp"

namespace pollbench::reports {

void TableReporter::write(const RunResult& run, std::ostream& out) const {
  const auto header = comparison_header(run);
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : run.records) rows.push_back(comparison_row(run, r));
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
  }
  // Text columns (model, strategy) align left, figures right.
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) text += "  ";
      text += c < 2 ? fmt::format("{:<{}}", cells[c], width[c]) : fmt::format("{:>{}}", cells[c], width[c]);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  };
  out << fmt::format("pollbench {} — scenario \"{}\", mode {}, seed {}\n\n", run.version, run.scenario, run.mode,
                     run.seed);
  line(header);
  std::size_t total = 0;
  for (auto w : width) total += w;
  out << std::string(total + 2 * (width.size() - 1), '-') << '\n';
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i > 0 && run.records[i].model != run.records[i - 1].model) out << '\n';
    line(rows[i]);
  }
}

}  // namespace pollbench::reports
