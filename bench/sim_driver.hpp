#pragma once
// The virtual-time driver: runs one strategy over every task of one model. Tasks that
// share nothing are run one after another with no global event queue; only a client
// whose tasks interact (the concurrent poller) gets an event queue of its own.

#include <vector>

#include "bench/task_record.hpp"
#include "sim/scenario.hpp"
#include "sim/status_service.hpp"
#include "strategies/strategy.hpp"

namespace pollbench::bench {

// What every strategy on one model faces: the same tasks, the same arrivals, the same
// status service (common random numbers).
struct ModelWorld {
  ModelWorld(const sim::Scenario& scenario, const sim::ModelProfile& model);

  const sim::ModelProfile& model;
  std::uint64_t seed;
  sim::StatusService service;
  std::vector<sim::TaskTruth> truths;
  std::vector<sim::Time> arrivals;
  std::uint64_t clients;
  sim::RateLimit rate_limit;  // per client key
  bool fail_message_mentions_network;
  // Added to every status request's response time: zero in a plain simulation; a live
  // run's comparison charges what its requests paid beyond the drawn times (docs/live.md).
  sim::Duration request_overhead{};
};

PairOutcome simulate(const strategies::Strategy& strategy, const ModelWorld& world);

}  // namespace pollbench::bench
