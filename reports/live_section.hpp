#pragma once
// What the table and Markdown reports add for a live run: a banner when it stopped early,
// how it ran (target, time scale, round trip, scheduling error), and its agreement with
// the simulation of the same seed.

#include <ostream>

#include "reports/result_record.hpp"

namespace pollbench::reports {

// Before the rows: says the rows cover only the tasks that ended, if the run stopped early.
void write_partial_banner(const LiveRun& live, std::ostream& out);
// After the rows. The terminal form lists only the rows that disagree; Markdown lists all.
void write_live_section(const LiveRun& live, std::ostream& out, bool markdown);

}  // namespace pollbench::reports
