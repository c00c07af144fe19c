#pragma once
// A table of text cells written as aligned columns for a terminal or as a GitHub
// Markdown table: what the comparison and the tuning reports share.

#include <ostream>
#include <string>
#include <vector>

namespace pollbench::reports {

struct TextTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t text_columns = 2;    // these leading columns align left; figures align right
  std::vector<bool> break_before;  // a blank line before row i, in the aligned form
  bool rule_under_header = true;   // a line of dashes, in the aligned form
};

void write_aligned(const TextTable& table, std::ostream& out);
void write_markdown(const TextTable& table, std::ostream& out);

}  // namespace pollbench::reports
