#pragma once
// Results as plain data: what drivers produce and every renderer reads.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pollbench::reports {

struct Summary {
  double mean = 0, p50 = 0, p95 = 0, p99 = 0, max = 0;
  double sd = 0;  // sample standard deviation: a result row's means' intervals need it
};

// Requests per second over the run, coarsened to at most a few hundred points: each
// value is the busiest one-second bin within its step, so the peak survives.
struct RateSeries {
  double step_s = 1;
  std::vector<std::uint32_t> peak;
};

// One (strategy, model) pair. Rates are fractions of all tasks of the pair.
struct ResultRecord {
  std::string strategy;
  std::string model;
  std::uint64_t tasks = 0;
  Summary requests;             // status requests per task
  Summary detection_latency_s;  // over tasks whose terminal state the client reported correctly
  std::uint64_t detected = 0;   // how many tasks that latency is over
  double timeout_rate = 0;
  double false_timeout_rate = 0;  // gave up on a task that does finish
  double lost_rate = 0;           // never reported anything
  double error_rate = 0;          // reported an error other than the task's failure
  double wrong_outcome_rate = 0;  // failure for a success, or an error for a task that finished
  double peak_rps = 0;            // most status requests in one second, over all tasks of the pair
  double p99_rps = 0;             // 99th percentile of requests per second while the pair was polling
  std::uint64_t http_429 = 0;     // requests refused with 429 (the rate limit or an injected fault)
  // What waiting cost beyond requests: the server's connection time and the wire's bytes
  // per task (means), and the most connections open at once (averaged over a second).
  double connection_s = 0;
  double bytes = 0;
  double peak_connections = 0;
  std::optional<double> efficiency;  // optimal requests at this latency / mean requests, when known
  bool informed = false;  // knows more than the elapsed time (hints, progress, the end): efficiency may exceed 1
  // For charts: detection latency at 0%, 1%, ..., 100% (nearest rank), empty when
  // nothing was detected; and the request rate over time.
  std::vector<double> detection_latency_cdf_s;
  RateSeries requests_per_second;
};

// The optimal (mean detection delay, expected requests) pairs of one model's law: the
// lower limit every polling row of that model is measured against.
struct Frontier {
  std::string model;
  std::vector<std::pair<double, double>> delay_s_requests;  // by increasing delay
};

// Part i of N of a run split into independent jobs: pair k of the full run (models in
// order, each with every strategy in order that runs on it) belongs to shard k mod N.
struct Shard {
  std::uint32_t index = 0;
  std::uint32_t count = 1;

  // Units are dealt round-robin: unit k belongs to shard k mod count.
  bool owns(std::size_t unit) const { return unit % count == index; }
};

// Three standard errors of a row's mean per-task difference between two runs of the
// same tasks: how far timing alone moves its means.
struct TimingNoise {
  double requests = 0;
  double detection_s = 0;
};

// A (strategy, model) row of a live run beside the simulation of the same seed, charged
// the round trip the live run measured; the plain simulation's figures are for reference.
struct Agreement {
  std::string strategy;
  std::string model;
  double live_requests = 0, sim_requests = 0, plain_sim_requests = 0;  // means per task
  // Means; none when nothing was detected.
  std::optional<double> live_detection_s, sim_detection_s, plain_sim_detection_s;
  double allowed_detection_s = 0;  // 5% of the simulated mean plus the measured (median) request overhead
  bool requests_agree = false, detection_agree = false;  // within the tolerance
  TimingNoise noise;                                     // of live against the charged simulation, task by task
};

// What only a live run has: where and how fast it ran, how faithfully it kept the
// strategies' schedules, and whether it ran to the end.
struct LiveRun {
  std::string target;
  double time_scale = 1;  // scenario seconds per wall second
  double wall_s = 0;
  std::uint64_t status_requests = 0;
  std::uint64_t connections = 0;          // TCP connections the client opened
  std::uint64_t requests_never_sent = 0;  // timed out waiting for a free connection (counted, never reached the server)
  Summary round_trip_ms;                  // of submissions, which the server answers at once
  Summary request_overhead_ms;            // a status request's time beyond the response time the scenario drew for it
  Summary scheduling_error_ms;            // a status request's send against when its strategy wanted it
  std::uint64_t peak_tasks_in_flight = 0;
  std::uint64_t webhooks_accepted = 0, webhook_duplicates = 0, webhooks_rejected = 0;
  std::optional<std::string> partial;  // why the run stopped before its end
  std::uint64_t unfinished_tasks = 0;  // submitted but not ended when it stopped: left out of the rows
  double sim_request_overhead_ms = 0;  // wall time charged to each simulated request for the agreement
  std::vector<Agreement> agreement;    // empty for a partial run
};

// A row against another of its model on the same tasks (common random numbers): the
// mean of the per-task differences in requests and the half-width of its 95% interval.
// What the report's "What to use" states its saving with.
struct PairedRequests {
  std::string model;
  std::string strategy;
  std::string against;
  double difference = 0;    // requests a task, strategy's minus against's
  double half_width95 = 0;  // 1.96 standard errors of that mean
  std::uint64_t tasks = 0;  // the tasks compared
};

struct RunResult {
  std::string version;
  std::string scenario;
  std::string mode;  // "sim" or "live"
  std::uint64_t seed = 0;
  std::vector<ResultRecord> records;
  std::vector<Frontier> frontiers;              // when the laws are known
  std::optional<Shard> shard;                   // absent for a whole run
  std::optional<LiveRun> live;                  // for mode "live"
  std::vector<PairedRequests> paired_requests;  // the report's pick against the guide's, per model
};

}  // namespace pollbench::reports
