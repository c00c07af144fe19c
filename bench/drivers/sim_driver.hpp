#pragma once
// The virtual-time driver: runs one strategy over every task of one model. It only
// supplies time and answers (the status service, in time order) to the client state
// machines of bench/client/, which hold every decision. Tasks that share nothing run
// one after another with no global event queue; tasks that interact (a rate limit, the
// concurrent poller) get an event queue per scenario client.

#include <span>
#include <vector>

#include "bench/client/task_record.hpp"
#include "bench/drivers/model_world.hpp"
#include "bench/metrics.hpp"
#include "strategies/strategy.hpp"

namespace pollbench::bench {

// Every task's record, in task order.
PairOutcome simulate(const strategies::Strategy& strategy, const ModelWorld& world);

// The same tasks in fixed blocks that share nothing, for running on several threads:
// runs of 65,536 tasks, or groups of whole clients when a client's tasks meet (its rate
// limit, the concurrent poller). The blocks depend on the scenario alone, and their
// tallies merged in any grouping are the whole pair's, bit for bit.
std::size_t block_count(const strategies::Strategy& strategy, const ModelWorld& world);
PairTally simulate_block(const strategies::Strategy& strategy, const ModelWorld& world, std::size_t block);

// Whether a strategy's tasks meet in their client (its rate limit, a concurrent poller).
bool runs_by_client(const strategies::Strategy& strategy, const ModelWorld& world);
// Block `block` of several strategies whose tasks do not meet in a client, run together:
// each chunk of tasks draws its truths and its requests' draws once for all of them.
// A tally each, the same, bit for bit, as simulate_block's.
std::vector<PairTally> simulate_block_together(std::span<const strategies::Strategy* const> strategies,
                                               const ModelWorld& world, std::size_t block);

}  // namespace pollbench::bench
