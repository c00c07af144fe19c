#pragma once
// From per-task records to the figures of one result row.

#include <string>

#include "bench/task_record.hpp"
#include "reports/result_record.hpp"

namespace pollbench::bench {

// Percentiles are nearest-rank: the smallest value with at least p% of samples at or below it.
reports::Summary summarize(std::vector<double> values);

reports::ResultRecord measure(const std::string& strategy, const std::string& model, const PairOutcome& outcome);

}  // namespace pollbench::bench
