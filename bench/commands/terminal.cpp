#include "bench/commands/terminal.hpp"

#include <iostream>
#include <unistd.h>

#include "bench/run/simulation_run.hpp"

namespace pollbench::bench {

ProgressLine progress_on_stderr() { return ProgressLine(std::cerr, isatty(STDERR_FILENO) == 1); }

reports::RunResult simulate_showing_progress(const Workload& workload, std::optional<reports::Shard> shard,
                                             unsigned threads) {
  auto progress = progress_on_stderr();
  auto run = run_simulation(
      workload, [&](auto done, auto total) { progress.update(done, total); }, shard, threads);
  progress.finish();
  return run;
}

}  // namespace pollbench::bench
