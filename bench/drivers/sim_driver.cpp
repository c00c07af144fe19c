#include "bench/drivers/sim_driver.hpp"

#include <algorithm>

#include "bench/drivers/simulated_rounds.hpp"
#include "bench/drivers/simulated_task.hpp"

namespace pollbench::bench {

namespace {

// Tasks that share nothing: each task's whole life is a short loop, no queue needed.
// Tasks first to last (excluded), each record handed to `keep` in task order.
template <class Policy, class Keep>
void run_independent(const Policy& policy, const ModelWorld& world, std::uint64_t first, std::uint64_t last,
                     RateHistogram& rate, const Keep& keep) {
  for (std::uint64_t task = first; task < last; ++task) {
    SimulatedTask<Policy> run(policy, world, task);
    while (const auto at = run.next_request()) run.answered(send_status(world, task, *at, rate, run.record()));
    keep(run.finish());
  }
}

// Tasks of one client share its key's rate limit, so their requests must meet the
// token bucket in time order: one event queue per client, clients independent. Runs
// clients first to last (excluded) into `out`, which holds a record for every task.
template <class Policy>
void run_rate_limited(const Policy& policy, const ModelWorld& world, std::uint64_t first, std::uint64_t last,
                      PairOutcome& out) {
  const auto n = world.truths.size();
  std::vector<std::optional<SimulatedTask<Policy>>> runs(n);
  for (std::uint64_t client = first; client < last; ++client) {
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
    for (std::uint64_t task = client; task < n; task += world.clients) out.tasks[task] = runs[task]->finish();
  }
}

template <strategies::RoundPoller Poller>
void run_rounds(const Poller& poller, const ModelWorld& world, std::uint64_t first, std::uint64_t last,
                PairOutcome& out) {
  SimulatedRounds<Poller> rounds(poller, world, out);
  for (std::uint64_t client = first; client < last; ++client) rounds.run_client(client);
}

// A record for every task, before anything ran.
PairOutcome fresh_outcome(const ModelWorld& world) {
  PairOutcome out;
  out.tasks.reserve(world.truths.size());
  for (const auto& truth : world.truths) out.tasks.push_back(fresh_record(truth));
  return out;
}

// Tasks run one after another unless they meet in a client (its rate limit, its
// concurrent poller): then whole clients run together.
bool by_client(const strategies::Strategy& strategy, const ModelWorld& world) {
  return strategies::visit_shape(
      strategy, world.model.name, [](const auto&) { return true; },
      [&](const auto&) { return world.rate_limit.requests_per_s > 0; });
}

// Clients first to last (excluded) of a strategy whose tasks meet in their client, into
// `out`, which holds a record for every task.
void run_clients(const strategies::Strategy& strategy, const ModelWorld& world, std::uint64_t first, std::uint64_t last,
                 PairOutcome& out) {
  strategies::visit_shape(
      strategy, world.model.name, [&](const auto& poller) { run_rounds(poller, world, first, last, out); },
      [&](const auto& policy) { run_rate_limited(policy, world, first, last, out); });
}

// Large enough that merging a block's tally (two histograms of 56,320 buckets, the
// request rates) costs little beside simulating it.
constexpr std::uint64_t block_tasks = 65536;
// A block of clients holds a record for every task of the model: few of them.
constexpr std::uint64_t most_client_blocks = 64;

// How many tasks, or clients, a block holds.
std::uint64_t block_size(const strategies::Strategy& strategy, const ModelWorld& world) {
  if (!by_client(strategy, world)) return block_tasks;
  const auto tasks_per_client = (world.truths.size() + world.clients - 1) / world.clients;
  return std::max({std::uint64_t{1}, block_tasks / tasks_per_client,
                   (world.clients + most_client_blocks - 1) / most_client_blocks});
}

}  // namespace

PairOutcome simulate(const strategies::Strategy& strategy, const ModelWorld& world) {
  if (by_client(strategy, world)) {
    auto out = fresh_outcome(world);
    run_clients(strategy, world, 0, world.clients, out);
    return out;
  }
  PairOutcome out;
  out.tasks.reserve(world.truths.size());
  strategies::visit_shape(
      strategy, world.model.name, [](const auto&) {},
      [&](const auto& policy) {
        run_independent(policy, world, 0, world.truths.size(), out.rate,
                        [&](const TaskRecord& r) { out.tasks.push_back(r); });
      });
  return out;
}

std::size_t block_count(const strategies::Strategy& strategy, const ModelWorld& world) {
  const auto units = by_client(strategy, world) ? world.clients : world.truths.size();
  const auto size = block_size(strategy, world);
  return static_cast<std::size_t>((units + size - 1) / size);
}

PairTally simulate_block(const strategies::Strategy& strategy, const ModelWorld& world, std::size_t block) {
  const auto size = block_size(strategy, world);
  const auto first = block * size;
  PairTally part;
  if (!by_client(strategy, world)) {
    const auto last = std::min<std::uint64_t>(world.truths.size(), first + size);
    strategies::visit_shape(
        strategy, world.model.name, [](const auto&) {},
        [&](const auto& policy) {
          run_independent(policy, world, first, last, part.rate, [&](const TaskRecord& r) { part.tally.add(r); });
        });
    return part;
  }
  const auto last = std::min<std::uint64_t>(world.clients, first + size);
  auto out = fresh_outcome(world);
  run_clients(strategy, world, first, last, out);
  for (auto client = first; client < last; ++client)
    for (auto task = client; task < world.truths.size(); task += world.clients) part.tally.add(out.tasks[task]);
  part.rate = std::move(out.rate);
  return part;
}

}  // namespace pollbench::bench
