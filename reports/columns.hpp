#pragma once
// The comparison's columns, the metric schema's headers and cells: shared by the terminal
// table and the Markdown and HTML reports so they always show the same figures.

#include <string>
#include <vector>

#include "reports/result_record.hpp"

namespace pollbench::reports {

std::vector<std::string> comparison_header(const RunResult& run);
std::vector<std::string> comparison_row(const RunResult& run, const ResultRecord& r);

}  // namespace pollbench::reports
