#include "bench/drivers/model_world.hpp"

#include <algorithm>

namespace pollbench::bench {

ModelWorld::ModelWorld(const sim::Scenario& scenario, const sim::ModelProfile& m, Replays replays)
    : model(m),
      seed(scenario.seed),
      service(m, scenario.seed, scenario.request_timeout),
      tasks(scenario.tasks_per_model),
      arrivals(scenario.arrival, scenario.seed, m.key, scenario.tasks_per_model),
      // --tasks below clients_per_model: a client beyond the tasks would have none, and
      // task i goes to client i either way.
      clients(std::min(scenario.clients_per_model, scenario.tasks_per_model)),
      rate_limit(scenario.rate_limit),
      fail_message_mentions_network(sim::mentions_network(m.failure.code, m.failure.message)) {
  if (replays == Replays::once) return;
  const auto kept = std::min<std::uint64_t>(tasks, 20'000);
  kept_truths.reserve(kept);
  for (std::uint64_t task = 0; task < kept; ++task) kept_truths.push_back(sim::draw_truth(m, seed, task));
  // Most tasks of a tuned config need fewer requests than this; the rest draw theirs.
  constexpr std::uint32_t kept_attempts = 64;
  service.keep_responses(kept, kept_attempts);
}

void ModelWorld::truths(std::uint64_t first, std::span<sim::TaskTruth> out) const {
  std::size_t k = 0;
  for (; k < out.size() && first + k < kept_truths.size(); ++k) out[k] = kept_truths[first + k];
  sim::draw_truths(model, seed, first + k, out.subspan(k));
}

}  // namespace pollbench::bench
