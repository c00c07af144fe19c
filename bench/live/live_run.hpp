#pragma once
// `pollbench run --live`: every selected (strategy, model) pair of a scenario over real
// HTTP at once, against the mock server started in-process or any server that speaks
// the API and plays the same scenario. The rows are the simulator's, measured from the
// client's side; the run adds how faithfully it kept the strategies' schedules and how
// it agrees with the simulation of the same seed (docs/live.md).

#include <functional>
#include <optional>
#include <string>

#include "reports/result_record.hpp"
#include "bench/run/workload.hpp"

namespace pollbench::bench::live {

struct LiveOptions {
  std::string target;                                      // http://host:port; empty starts the mock server in-process
  std::string api_key;                                     // with a target
  std::string webhook_secret;                              // with a target, for the callback strategies
  std::optional<double> time_scale;                        // in-process 1 unless given; with a target, the target's
  int interrupt_fd = -1;                                   // readable: stop now and keep what ended, marked partial
  std::function<void(std::size_t, std::size_t)> progress;  // tasks ended, tasks in all
  std::function<void(std::uint64_t)> on_status_answer;     // running count of answers; for tests
};

struct Server;

// Throws InputError for a bad option or a target that plays another scenario.
reports::RunResult run_live(const Workload& workload, const LiveOptions& options);
// Against a server already opened (open_server).
reports::RunResult run_live(const Workload& workload, Server server, const LiveOptions& options);

}  // namespace pollbench::bench::live
