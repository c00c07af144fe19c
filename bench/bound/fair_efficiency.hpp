#pragma once
// A row against the optimum that faces what the row faced (docs/optimal-bound.md): the
// row's own give-up moment or the law's deadline, whichever is earlier; the time its
// detections spent waiting for answers; the faults every request risks; one lookup per
// task per poll, paid for every task, including those the row abandoned.

#include <optional>
#include <utility>
#include <vector>

#include "bench/bound/bound_cache.hpp"
#include "bench/metrics.hpp"
#include "reports/result_record.hpp"
#include "sim/model_profile.hpp"

namespace pollbench::bench {

// What every request pays that the bound's instant, faultless polls do not.
struct RequestToll {
  sim::Seconds response_time{};  // mean, of an answer that reports the state
  double fault_rate = 0;         // of a request, injected by the scenario

  // `network`: what a live run's requests paid beyond the scenario's response time.
  static RequestToll of(const sim::ModelProfile& model, sim::Duration network = {});
};

// The fewest expected requests a task needs for a mean detection delay of `polling_delay`
// plus time spent waiting for answers, when a share `fault_rate` of requests fail: the
// bound's at `polling_delay`, over the share of requests that are answered. None when no
// schedule is that fast.
std::optional<double> requests_paying(const OptimalBound& bound, double fault_rate, sim::Seconds polling_delay);

// The row's efficiency; none for a row that sends no requests or detects nothing, or that
// is faster than any schedule without being informed (row.informed).
std::optional<double> fair_efficiency(const reports::ResultRecord& row, const PollingEffort& effort,
                                      const sim::ModelProfile& model, const RequestToll& toll,
                                      const BoundCache& bounds);

// The optimal (mean delay, requests) pairs at the law's deadline for a client that waits
// a response time for each answer and pays for faulted requests: the frontier the rows
// are drawn against.
std::vector<std::pair<double, double>> frontier_paying(const OptimalBound& bound, const RequestToll& toll);

}  // namespace pollbench::bench
