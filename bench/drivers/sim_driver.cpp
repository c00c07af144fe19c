#include "bench/drivers/sim_driver.hpp"

#include "bench/drivers/simulated_rounds.hpp"
#include "bench/drivers/simulated_task.hpp"

namespace pollbench::bench {

namespace {

// Tasks that share nothing: each task's whole life is a short loop, no queue needed.
template <class Policy>
PairOutcome run_independent(const Policy& policy, const ModelWorld& world) {
  PairOutcome out;
  out.tasks.reserve(world.truths.size());
  for (std::uint64_t task = 0; task < world.truths.size(); ++task) {
    SimulatedTask<Policy> run(policy, world, task);
    while (const auto at = run.next_request()) run.answered(send_status(world, task, *at, out.rate, run.record()));
    out.tasks.push_back(run.finish());
  }
  return out;
}

// Tasks of one client share its key's rate limit, so their requests must meet the
// token bucket in time order: one event queue per client, clients independent.
template <class Policy>
PairOutcome run_rate_limited(const Policy& policy, const ModelWorld& world) {
  const auto n = world.truths.size();
  PairOutcome out;
  std::vector<std::optional<SimulatedTask<Policy>>> runs(n);
  for (std::uint64_t client = 0; client < world.clients; ++client) {
    sim::TokenBucket bucket(world.rate_limit);
    sim::EventQueue<std::uint64_t> queue;
    auto schedule_next = [&](std::uint64_t task) {
      if (const auto at = runs[task]->next_request()) queue.schedule(world.arrivals[task] + *at, task);
    };
    for (std::uint64_t task = client; task < n; task += world.clients) {
      runs[task].emplace(policy, world, task);
      schedule_next(task);
    }
    while (!queue.empty()) {
      const auto [at, sequence, task] = queue.pop();
      const auto since_submit = at - world.arrivals[task];
      runs[task]->answered(send_status(world, task, since_submit, out.rate, runs[task]->record(), bucket.refuse(at)));
      schedule_next(task);
    }
  }
  out.tasks.reserve(n);
  for (auto& run : runs) out.tasks.push_back(run->finish());
  return out;
}

}  // namespace

PairOutcome simulate(const strategies::Strategy& strategy, const ModelWorld& world) {
  return strategies::visit_shape(
      strategy, world.model.name, [&](const auto& poller) { return run_rounds(poller, world); },
      [&](const auto& policy) {
        return world.rate_limit.requests_per_s > 0 ? run_rate_limited(policy, world) : run_independent(policy, world);
      });
}

}  // namespace pollbench::bench
