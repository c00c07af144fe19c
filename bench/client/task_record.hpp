#pragma once
// What one task's run left behind: its truth, what the client said and when, and what
// it cost. Every metric is computed from these.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "bench/client/rate_histogram.hpp"
#include "sim/percentile.hpp"
#include "sim/task_truth.hpp"
#include "sim/wire_bytes.hpp"
#include "strategies/observation.hpp"

namespace pollbench::bench {

enum class ClientVerdict : std::uint8_t { success, failure, timeout, error, lost };

constexpr ClientVerdict client_verdict(strategies::Verdict v) {
  switch (v) {
    case strategies::Verdict::success:
      return ClientVerdict::success;
    case strategies::Verdict::failure:
      return ClientVerdict::failure;
    case strategies::Verdict::timeout:
      return ClientVerdict::timeout;
    case strategies::Verdict::error:
      return ClientVerdict::error;
  }
  return ClientVerdict::lost;
}

struct TaskRecord {
  sim::Outcome truth = sim::Outcome::success;
  sim::Duration terminal_at{};  // from submission; max() for a hang
  ClientVerdict verdict = ClientVerdict::lost;
  sim::Duration known_at{};        // from submission, when the client reported the verdict
  std::uint32_t requests = 0;      // status requests this task's id was in
  double request_cost = 0;         // its share of them: 1 each, 1/k of a batch of k ids
  std::uint32_t errors = 0;        // requests that ended in a fault
  std::uint32_t http_429 = 0;      // of which refused with 429 (rate limit or injected)
  sim::Duration last_answer_at{};  // from submission, when the last request's answer came
  // How long, after the terminal moment, the client waited on answers that told it nothing
  // (faults) or told it the end: time a client that waits for each answer cannot spend
  // polling. A pending answer still on its way at the end holds back no poll the clock
  // schedules.
  sim::Duration in_flight_after_end{};
  // What the task cost the server and the wire: microseconds its requests (and streams)
  // held a connection, and their bytes, each charged by its share.
  std::uint64_t connection_us = 0;
  std::uint64_t bytes = 0;
};

// One status request that named the task, charged `share` of it (1/k of a batch of k),
// sent and answered at those moments after the task's submission.
inline void count_request(TaskRecord& r, sim::Reply reply, double share, sim::Duration sent_at,
                          sim::Duration answered_at) {
  ++r.requests;
  r.last_answer_at = answered_at;
  if (answered_at > r.terminal_at && !sim::is_pending(reply))
    r.in_flight_after_end += answered_at - std::max(sent_at, r.terminal_at);
  r.request_cost += share;
  r.errors += strategies::is_error(reply);
  r.http_429 += reply == sim::Reply::http_429;
  const auto held = static_cast<std::uint64_t>((answered_at - sent_at).count());
  const std::uint64_t bytes = sim::wire_bytes::status_request + sim::wire_bytes::answer_to(reply);
  if (share == 1.0) {  // a request of its own: no rounding on the hot path
    r.connection_us += held;
    r.bytes += bytes;
    return;
  }
  const auto charged = [share](double whole) { return static_cast<std::uint64_t>(std::llround(share * whole)); };
  r.connection_us += charged(static_cast<double>(held));
  r.bytes += charged(static_cast<double>(bytes));
}

// A stream's connection, open from `opened` to `closed` after the task's submission,
// that carried `events` events.
inline void count_stream(TaskRecord& r, sim::Duration opened, sim::Duration closed, std::uint32_t events) {
  r.connection_us += static_cast<std::uint64_t>((closed - opened).count());
  r.bytes += std::uint64_t{events} * sim::wire_bytes::stream_event;
}

// A task's record before the client has done anything.
inline TaskRecord fresh_record(const sim::TaskTruth& truth) {
  return {.truth = truth.outcome, .terminal_at = truth.terminal_at};  // built in place, not copied
}

struct PairOutcome {
  std::vector<TaskRecord> tasks;
  RateHistogram rate;
};

}  // namespace pollbench::bench
