#pragma once
// What every strategy on one model faces, in either driver: the same tasks, the same
// arrivals, the same status service (common random numbers).

#include <vector>

#include "sim/scenario.hpp"
#include "sim/status_service.hpp"
#include "sim/token_bucket.hpp"

namespace pollbench::bench {

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

}  // namespace pollbench::bench
