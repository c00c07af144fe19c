#include "bench/drivers/sim_driver.hpp"

#include <algorithm>
#include <array>
#include <span>

#include "bench/drivers/client_block.hpp"
#include "bench/drivers/simulated_rounds.hpp"
#include "bench/drivers/simulated_task.hpp"

namespace pollbench::bench {

namespace {

// Tasks that share nothing: each task's whole life is a short loop, no queue needed.
// Tasks first to last (excluded) of each strategy, a chunk at a time: the chunk's tasks
// (truth, submission, first fault) are drawn once for all of them, and their requests'
// draws too when there are several (SharedDraws). Each record goes to keep(strategy's
// index, record), in task order for each strategy; its requests to *rates[that index].
template <class Keep>
void run_independent(std::span<const strategies::Strategy* const> strategies, const ModelWorld& world,
                     std::uint64_t first, std::uint64_t last, std::span<RateHistogram* const> rates, const Keep& keep) {
  // Small enough that a chunk's kept draws (at most 512 KB) stay in the cache between strategies.
  constexpr std::uint64_t chunk_tasks = 256;
  std::vector<sim::TaskTruth> truths;
  std::vector<WorldTask> tasks;
  SharedDraws draws(world.service);
  SharedDraws* shared = strategies.size() > 1 ? &draws : nullptr;
  for (std::uint64_t chunk = first; chunk < last; chunk += chunk_tasks) {
    truths.resize(std::min(chunk_tasks, last - chunk));
    world.truths(chunk, truths);
    tasks.clear();
    for (std::uint64_t k = 0; k < truths.size(); ++k) tasks.emplace_back(world, chunk + k, truths[k], shared);
    if (shared) shared->start(chunk, truths.size());
    for (std::size_t s = 0; s < strategies.size(); ++s)
      strategies::visit_shape(
          *strategies[s], world.model.name, [](const auto&) {},
          [&]<class Policy>(const Policy& policy) {
            for (const auto& task : tasks) {
              SimulatedTask<Policy> run(policy, world, task);
              for (auto at = run.next_request(); at != run.done; at = run.next_request()) run.act(at, *rates[s]);
              keep(s, run.finish());
            }
          });
  }
}

// Tasks of one client share its key's rate limit, so their requests must meet the
// token bucket in time order: one event queue per client, clients independent. Runs
// the block's clients into `out`, which holds a record for each of its slots.
template <class Policy>
void run_rate_limited(const Policy& policy, const ModelWorld& world, const ClientBlock& block, PairOutcome& out) {
  for (std::uint64_t client = block.first; client < block.last; ++client) {
    sim::TokenBucket bucket(world.rate_limit);
    sim::EventQueue<std::size_t> queue;
    std::vector<SimulatedTask<Policy>> runs;  // the client's k-th task is client + k x clients
    for (std::uint64_t task = client; task < world.tasks; task += world.clients) runs.emplace_back(policy, world, task);
    auto schedule_next = [&](std::size_t k) {
      if (const auto at = runs[k].next_request(); at != runs[k].done) queue.schedule(runs[k].task().submitted + at, k);
    };
    for (std::size_t k = 0; k < runs.size(); ++k) schedule_next(k);
    while (!queue.empty()) {
      const auto [at, sequence, k] = queue.pop();
      auto& run = runs[k];
      const auto since_submit = at - run.task().submitted;
      run.act(since_submit, out.rate, run.sends_request() ? bucket.refuse(at) : std::nullopt);
      schedule_next(k);
    }
    for (auto& run : runs) out.tasks[block.slot(run.task().index)] = run.finish();
  }
}

// Tasks run one after another unless they meet in a client (its rate limit, its
// concurrent poller): then whole clients run together.
bool by_client(const strategies::Strategy& strategy, const ModelWorld& world) {
  return strategies::visit_shape(
      strategy, world.model.name, [](const auto&) { return true; },
      [&](const auto&) { return world.rate_limit.requests_per_s > 0; });
}

// The block's clients, of a strategy whose tasks meet in their client: a record for each
// of its slots, which each client fills in for its tasks as it runs them.
PairOutcome run_clients(const strategies::Strategy& strategy, const ModelWorld& world, const ClientBlock& block) {
  PairOutcome out;
  out.tasks.resize(block.slots());
  strategies::visit_shape(
      strategy, world.model.name,
      [&](const auto& poller) {
        SimulatedRounds rounds(poller, world, block, out);
        for (std::uint64_t client = block.first; client < block.last; ++client) rounds.run_client(client);
      },
      [&](const auto& policy) { run_rate_limited(policy, world, block, out); });
  return out;
}

// Large enough that merging a block's tally (two histograms of 56,320 buckets, the
// request rates) costs little beside simulating it, small enough that a block's state
// is a few megabytes whatever the task count.
constexpr std::uint64_t block_tasks = 65536;

// How many tasks, or clients, a block holds.
std::uint64_t block_size(const strategies::Strategy& strategy, const ModelWorld& world) {
  if (!by_client(strategy, world)) return block_tasks;
  const auto tasks_per_client = (world.tasks + world.clients - 1) / world.clients;
  return std::max(std::uint64_t{1}, block_tasks / tasks_per_client);
}

}  // namespace

PairOutcome simulate(const strategies::Strategy& strategy, const ModelWorld& world) {
  if (by_client(strategy, world)) {
    // One block of every client, its records put back in task order.
    const ClientBlock every{0, world.clients, world.clients, world.tasks};
    auto out = run_clients(strategy, world, every);
    std::vector<TaskRecord> by_task(world.tasks);
    for (std::uint64_t task = 0; task < world.tasks; ++task) by_task[task] = out.tasks[every.slot(task)];
    out.tasks = std::move(by_task);
    return out;
  }
  PairOutcome out;
  out.tasks.reserve(world.tasks);
  const std::array one{&strategy};
  const std::array rate{&out.rate};
  run_independent(one, world, 0, world.tasks, rate, [&](std::size_t, const TaskRecord& r) { out.tasks.push_back(r); });
  return out;
}

std::size_t block_count(const strategies::Strategy& strategy, const ModelWorld& world) {
  const auto units = by_client(strategy, world) ? world.clients : world.tasks;
  const auto size = block_size(strategy, world);
  return static_cast<std::size_t>((units + size - 1) / size);
}

PairTally simulate_block(const strategies::Strategy& strategy, const ModelWorld& world, std::size_t block) {
  if (!by_client(strategy, world)) {
    const std::array one{&strategy};
    return std::move(simulate_block_together(one, world, block).front());
  }
  const auto size = block_size(strategy, world);
  const auto first = block * size;
  PairTally part;
  const ClientBlock clients{first, std::min<std::uint64_t>(world.clients, first + size), world.clients, world.tasks};
  auto out = run_clients(strategy, world, clients);
  for (std::uint64_t slot = 0; slot < clients.slots(); ++slot)
    if (clients.holds(slot)) part.tally.add(out.tasks[slot]);
  part.rate = std::move(out.rate);
  return part;
}

bool runs_by_client(const strategies::Strategy& strategy, const ModelWorld& world) {
  return by_client(strategy, world);
}

std::vector<PairTally> simulate_block_together(std::span<const strategies::Strategy* const> strategies,
                                               const ModelWorld& world, std::size_t block) {
  const auto first = block * block_tasks;
  std::vector<PairTally> parts(strategies.size());
  std::vector<RateHistogram*> rates;
  for (auto& p : parts) rates.push_back(&p.rate);
  run_independent(strategies, world, first, std::min<std::uint64_t>(world.tasks, first + block_tasks), rates,
                  [&](std::size_t s, const TaskRecord& r) { parts[s].tally.add(r); });
  return parts;
}

}  // namespace pollbench::bench
