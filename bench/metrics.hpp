#pragma once
// From per-task records to the figures of one result row.

#include <string>

#include "bench/client/task_record.hpp"
#include "reports/result_record.hpp"

namespace pollbench::bench {

// Percentiles are nearest-rank: the smallest value with at least p% of samples at or below it.
reports::Summary summarize(std::vector<double> values);
reports::Summary summarize_sorted(const std::vector<double>& sorted);
// Values at 0%, 1%, ..., 100% of a sorted sample.
std::vector<double> percentile_points(const std::vector<double>& sorted);
reports::RateSeries rate_series(const RateHistogram& rate);

// Three standard errors of the mean per-task difference between two runs of the same
// tasks: of requests, and of detection latency over the tasks both detected. With
// common random numbers, a difference of means within this is what timing alone moves.
reports::TimingNoise paired_noise(const PairOutcome& a, const PairOutcome& b);

reports::ResultRecord measure(const std::string& strategy, const std::string& model, const PairOutcome& outcome);

}  // namespace pollbench::bench
