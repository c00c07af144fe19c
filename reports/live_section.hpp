#pragma once
// What the table, Markdown and HTML reports add for a live run: a banner when it stopped
// early, how it ran (target, time scale, overhead, scheduling error), and its agreement
// with the simulation of the same seed. Built once as text, laid out by each renderer.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "reports/result_record.hpp"
#include "reports/text_table.hpp"

namespace pollbench::reports {

struct LiveSection {
  std::optional<std::string> partial_banner;  // before the rows, when the run stopped early
  std::vector<std::string> facts;             // after the rows, one line each
  TextTable agreement;                        // every row of the comparison
  std::vector<bool> only_agrees;              // per agreement row: within the target, nothing to explain
};

LiveSection live_section(const LiveRun& live);

// The terminal form lists only the agreement rows that do not simply agree; Markdown all.
void write_partial_banner(const LiveSection& section, std::ostream& out);
void write_live_section(const LiveSection& section, std::ostream& out, bool markdown);

}  // namespace pollbench::reports
