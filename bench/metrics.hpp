#pragma once
// From per-task records to the figures of one result row.

#include <optional>
#include <string>

#include "bench/client/task_record.hpp"
#include "bench/value_histogram.hpp"
#include "reports/result_record.hpp"

namespace pollbench::bench {

// Percentiles are nearest-rank: the smallest value with at least p% of samples at or below it.
// Exact, of a sample kept whole (the live driver's timings).
reports::Summary summarize(std::vector<double> values);
reports::RateSeries rate_series(const RateHistogram& rate);

// What a row's efficiency is measured from besides its record (docs/optimal-bound.md):
// status lookups per task it saw through (reported correctly, or gave up on at its own
// limit), a batch request counted once for every task it names as the bound counts one
// poll per task; over the tasks it detected, how long after the terminal moment a request
// was on its way; and over the tasks it gave up on after polling, when its last answer
// came (means of whole milliseconds).
struct PollingEffort {
  double lookups_per_task_seen_through = 0;
  sim::Seconds in_flight_after_end{};
  std::optional<sim::Seconds> last_answer_before_giving_up;
};

// What a result row is computed from, in fixed-size state whatever the task count:
// integer counts, and each task's requests (in 2^-32ths of a request: exact for whole
// requests, a task's batch shares to within 2^-33) and detection latency (whole
// microseconds) in a ValueHistogram. Tallies of disjoint tasks merge into exactly the
// tally of them all, in any grouping.
class RowTally {
 public:
  void add(const TaskRecord& task);
  void merge(const RowTally& other);
  // The row's figures; percentiles as ValueHistogram gives them (docs/metrics.md).
  reports::ResultRecord record(const std::string& strategy, const std::string& model, const RateHistogram& rate) const;
  PollingEffort effort() const;

 private:
  std::uint64_t lookups_ = 0;                    // over all tasks
  std::uint64_t in_flight_ms_ = 0;               // over the detected tasks
  std::uint64_t polled_timeouts_ = 0;            // timed-out tasks that sent a request
  std::uint64_t last_answers_ms_ = 0;            // over those
  std::uint64_t connection_us_ = 0, bytes_ = 0;  // over all tasks
  std::uint64_t tasks_ = 0, timeouts_ = 0, false_timeouts_ = 0, lost_ = 0, errors_ = 0, wrong_ = 0, http_429_ = 0;
  ValueHistogram requests_;  // 2^-32ths of a request
  ValueHistogram latency_;   // microseconds, of the tasks whose terminal state the client reported
};

// Three standard errors of the mean per-task difference between two runs of the same
// tasks: of requests, and of detection latency over the tasks both detected. With
// common random numbers, a difference of means within this is what timing alone moves.
reports::TimingNoise paired_noise(const PairOutcome& a, const PairOutcome& b);
// The mean per-task difference in requests, a's minus b's, between two runs of the same
// tasks (common random numbers), and half the width of its 95% interval: the paired
// comparison. The names are left for the caller.
reports::PairedRequests paired_requests(const PairOutcome& a, const PairOutcome& b);
// Whether `a` gives up on significantly more tasks that do finish than `b`, on the same
// tasks: of the tasks where only one of them did, `a`'s share beyond 1.96 standard
// errors (McNemar's test).
bool more_false_timeouts(const PairOutcome& a, const PairOutcome& b);

// Some of a pair's tasks, tallied, and the times of their requests: the tallies of a
// pair's blocks of tasks merge into the whole pair's, bit for bit.
struct PairTally {
  RowTally tally;
  RateHistogram rate;

  void merge(const PairTally& other);
};

RowTally tally_of(const PairOutcome& outcome);
reports::ResultRecord measure(const std::string& strategy, const std::string& model, const PairOutcome& outcome);
reports::ResultRecord measure(const std::string& strategy, const std::string& model, const PairTally& part);

}  // namespace pollbench::bench
