#pragma once
// A model's charts on the HTML page: cost against speed and the detection-latency CDF as
// small multiples of at most max_series strategies each (the guide's techniques, then
// the others) on shared axes, what went wrong for every strategy in one bar chart, and
// the request rate over time folded away. Each chart is a <figure> with its caption and
// an HTML legend.

#include <string>
#include <vector>

#include "reports/result_record.hpp"

namespace pollbench::reports {

struct RowGroup {
  std::string name;  // "the guide's techniques", "beyond the guide", "beyond the guide (2)"; empty for all rows
  std::vector<const ResultRecord*> rows;
};

// The rows cut into groups of at most max_series: the guide's techniques first, in the
// run's order; one unnamed group when they all fit in one chart.
std::vector<RowGroup> chart_groups(const std::vector<const ResultRecord*>& rows);

std::string model_charts_html(const RunResult& run, const std::string& model,
                              const std::vector<const ResultRecord*>& rows);

}  // namespace pollbench::reports
