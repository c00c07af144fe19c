#pragma once
// What the commands show on stderr while they work.

#include <optional>

#include "bench/commands/progress_line.hpp"
#include "reports/result_record.hpp"
#include "bench/run/parallel_map.hpp"
#include "bench/run/workload.hpp"

namespace pollbench::bench {

// A progress line on stderr, drawn only when stderr is a terminal.
ProgressLine progress_on_stderr();

// A virtual-time run with a progress line.
reports::RunResult simulate_showing_progress(const Workload& workload,
                                             std::optional<reports::Shard> shard = std::nullopt,
                                             unsigned threads = all_cores());

}  // namespace pollbench::bench
