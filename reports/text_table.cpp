#include "reports/text_table.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace pollbench::reports {

void write_aligned(const TextTable& t, std::ostream& out) {
  std::vector<std::size_t> width(t.header.size());
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    width[c] = t.header[c].size();
    for (const auto& row : t.rows) width[c] = std::max(width[c], row[c].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) text += "  ";
      text +=
          c < t.text_columns ? fmt::format("{:<{}}", cells[c], width[c]) : fmt::format("{:>{}}", cells[c], width[c]);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  };
  line(t.header);
  if (t.rule_under_header) {
    std::size_t total = 0;
    for (auto w : width) total += w;
    out << std::string(total + 2 * (width.size() - 1), '-') << '\n';
  }
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    if (i < t.break_before.size() && t.break_before[i]) out << '\n';
    line(t.rows[i]);
  }
}

void write_markdown(const TextTable& t, std::ostream& out) {
  auto line = [&](const std::vector<std::string>& cells) {
    out << '|';
    for (const auto& cell : cells) out << ' ' << cell << " |";
    out << '\n';
  };
  line(t.header);
  out << '|';
  for (std::size_t c = 0; c < t.header.size(); ++c) out << (c < t.text_columns ? " --- |" : " ---: |");
  out << '\n';
  for (const auto& row : t.rows) line(row);
}

}  // namespace pollbench::reports
