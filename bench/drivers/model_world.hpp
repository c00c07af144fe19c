#pragma once
// What every strategy on one model faces, in either driver: the same tasks, the same
// arrivals, the same status service (common random numbers). Each task's truth, arrival
// and faults are drawn from its keyed streams when a driver needs them, so the world's
// memory does not grow with the task count.

#include <span>
#include <vector>

#include "bench/drivers/shared_draws.hpp"
#include "sim/arrival.hpp"
#include "sim/fault_schedule.hpp"
#include "sim/scenario.hpp"
#include "sim/status_service.hpp"
#include "sim/token_bucket.hpp"

namespace pollbench::bench {

// How often runs go over the world's tasks. A world that many runs replay (the tuner's
// thousands of candidate configs on one sample) draws the truth and the first requests'
// response times of its first 20,000 tasks once and keeps them (at most about 21 MB);
// any others are drawn as in any world, to the same numbers.
enum class Replays { once, many };

struct ModelWorld {
  ModelWorld(const sim::Scenario& scenario, const sim::ModelProfile& model, Replays replays = Replays::once);

  sim::TaskTruth truth(std::uint64_t task) const {
    return task < kept_truths.size() ? kept_truths[task] : sim::draw_truth(model, seed, task);
  }
  // The truths of tasks first, first + 1, ... into `out`: the same as truth()'s, cheaper a chunk at a time.
  void truths(std::uint64_t first, std::span<sim::TaskTruth> out) const;

  const sim::ModelProfile& model;
  std::uint64_t seed;
  sim::StatusService service;
  std::uint64_t tasks;
  sim::ArrivalTimes arrivals;
  std::uint64_t clients;
  sim::RateLimit rate_limit;  // per client key
  bool fail_message_mentions_network;
  // Added to every status request's response time: zero in a plain simulation; a live
  // run's comparison charges what its requests paid beyond the drawn times (docs/live.md).
  sim::Duration request_overhead{};
  std::vector<sim::TaskTruth> kept_truths;  // Replays::many only
};

// One task of the world as a driver runs it, drawn once: when the task starts, or a
// chunk of tasks ahead for every strategy that runs the chunk.
struct WorldTask {
  WorldTask(const ModelWorld& world, std::uint64_t task) : WorldTask(world, task, world.truth(task)) {}
  WorldTask(const ModelWorld& world, std::uint64_t task, const sim::TaskTruth& drawn,
            SharedDraws* shared_draws = nullptr)
      : index(task),
        truth(drawn),
        submitted(world.arrivals.at(task)),
        faults(world.model, world.seed, task),
        shared(shared_draws) {}

  // Its attempt-th status request's draws: from the strategies' shared ones, if any.
  sim::ResponseDraws draws(const ModelWorld& world, std::uint32_t attempt) const {
    return shared ? shared->at(index, attempt) : world.service.draws(index, attempt);
  }

  std::uint64_t index;
  sim::TaskTruth truth;
  sim::Time submitted;
  sim::FaultSchedule faults;
  SharedDraws* shared;  // where strategies run together keep its requests' draws
};

}  // namespace pollbench::bench
