#include "sim/task_truth.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace pollbench::sim {

namespace {

RandomStream truth_stream(const ModelProfile& model, std::uint64_t seed, std::uint64_t task) {
  return RandomStream({seed, model.key, task, Purpose::truth, 0});
}

// The streams of tasks first, first + 1, ...: one for each index of the sequence.
template <std::size_t... k>
std::array<RandomStream, sizeof...(k)> truth_streams(const ModelProfile& model, std::uint64_t seed, std::uint64_t first,
                                                     std::index_sequence<k...>) {
  return {truth_stream(model, seed, first + k)...};
}

TaskTruth truth_from(const ModelProfile& model, RandomStream& random) {
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

}  // namespace

TaskTruth draw_truth(const ModelProfile& model, std::uint64_t seed, std::uint64_t task) {
  auto random = truth_stream(model, seed, task);
  return truth_from(model, random);
}

void draw_truths(const ModelProfile& model, std::uint64_t seed, std::uint64_t first, std::span<TaskTruth> out) {
  // Two passes over a few streams at a time: the Philox blocks, then the laws.
  constexpr std::size_t at_once = 16;
  for (std::size_t done = 0; done < out.size(); done += at_once) {
    auto streams = truth_streams(model, seed, first + done, std::make_index_sequence<at_once>{});
    const auto n = std::min(at_once, out.size() - done);
    for (std::size_t k = 0; k < n; ++k) streams[k].draw_first_block();
    for (std::size_t k = 0; k < n; ++k) out[done + k] = truth_from(model, streams[k]);
  }
}

}  // namespace pollbench::sim
