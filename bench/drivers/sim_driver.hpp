#pragma once
// The virtual-time driver: runs one strategy over every task of one model. It only
// supplies time and answers (the status service, in time order) to the client state
// machines of bench/client/, which hold every decision. Tasks that share nothing run
// one after another with no global event queue; tasks that interact (a rate limit, the
// concurrent poller) get an event queue per scenario client.

#include "bench/client/task_record.hpp"
#include "bench/drivers/model_world.hpp"
#include "strategies/strategy.hpp"

namespace pollbench::bench {

PairOutcome simulate(const strategies::Strategy& strategy, const ModelWorld& world);

}  // namespace pollbench::bench
