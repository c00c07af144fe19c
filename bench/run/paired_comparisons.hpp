#pragma once
// The report's pick against the guide's row of each model, on the same tasks: the paired
// comparison its "What to use" states (reports/recommendation.hpp). Both strategies run
// again with every task's record kept, so only for runs of at most
// max_paired_tasks tasks a model; a larger run's report says it did not compare them.

#include <vector>

#include "reports/result_record.hpp"
#include "sim/scenario.hpp"
#include "strategies/strategy.hpp"

namespace pollbench::bench {

// About 56 bytes a task for each of the two strategies.
inline constexpr std::uint64_t max_paired_tasks = 1'000'000;

std::vector<reports::PairedRequests> compare_picks(const sim::Scenario& scenario,
                                                   const std::vector<strategies::NamedStrategy>& strategies,
                                                   const reports::RunResult& run, unsigned threads);

}  // namespace pollbench::bench
