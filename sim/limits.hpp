#pragma once
// The bounds every input is held to, in one place: the scenario reader, the other JSON
// readers and the command-line flags check against these, and docs/scenario.md states
// them. Each keeps memory and run time bounded whatever a file or a flag says.

#include <cstddef>
#include <cstdint>

namespace pollbench::sim::limits {

// Tasks per model, from the scenario or --tasks: a run keeps a record per task.
inline constexpr std::uint64_t max_tasks_per_model = 10'000'000;
// Arrays and objects inside one another in any JSON input.
inline constexpr int max_json_depth = 64;
// Bytes of any input file (scenario, results, baseline, budgets, tolerances, trace).
inline constexpr std::size_t max_input_file_bytes = 64u << 20;
// Mixtures inside mixtures.
inline constexpr int max_mixture_depth = 8;
// Seconds over which the tasks of a model arrive (window_s, or tasks / rate_per_s): the
// peak-rate histogram keeps one count per second of the run.
inline constexpr double max_arrival_span_s = 1'000'000;
// A strategy's duration parameters (its *_ms): 30 days, longer than any client waits,
// and far inside the microseconds a simulated time holds.
inline constexpr double max_strategy_ms = 30.0 * 24 * 3600 * 1000;
// A trace's duration_s: 30 days, as long as a strategy may wait. Its square, which the
// gamma fit's variance sums, stays finite (3e227 s made the fitted shape nan).
inline constexpr double max_trace_duration_s = max_strategy_ms / 1000;
// A long poll's max_wait_s, a stream's idle_cut_s, a queue slot: an hour. A held request
// or a quiet stream costs the server a connection for that long.
inline constexpr double max_hold_s = 3600;
// A stream's event_loss_rate: below 1, so that a resumed stream always ends.
inline constexpr double max_event_loss_rate = 0.9;
// Progress's sigma: a factor of e^5 off is no information left.
inline constexpr double max_progress_sigma = 5;
// --time-scale: scenario seconds per wall second.
inline constexpr double min_time_scale = 0.001;
inline constexpr double max_time_scale = 1'000'000;

}  // namespace pollbench::sim::limits
