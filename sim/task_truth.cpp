#include "sim/task_truth.hpp"

#include <algorithm>

namespace pollbench::sim {

TaskTruth draw_truth(const ModelProfile& model, std::uint64_t seed, std::uint64_t task) {
  RandomStream random({seed, model.key, task, Purpose::truth, 0});
  const double u = random.uniform();
  TaskTruth truth;
  if (u < model.failure.rate) {
    truth.outcome = Outcome::failed;
    truth.terminal_at = to_duration(model.failure.time.sample(random));
  } else if (u < model.failure.rate + model.hang_rate) {
    truth.outcome = Outcome::hang;
    truth.terminal_at = Duration::max();
  } else {
    truth.terminal_at = to_duration(model.completion.sample(random));
  }
  truth.generating_at = std::min(to_duration(model.queue.sample(random)), truth.terminal_at);
  return truth;
}

}  // namespace pollbench::sim
