#pragma once
// Which of a task's status requests the scenario's faults hit. The gap to the next fault
// is geometric (each request faults with the model's total rate, independently), so it
// is drawn once per fault, not once per request: a task whose requests never fault draws
// once. Keyed by (seed, model, task, k-th fault), the same for every strategy (common
// random numbers) and for the mock server, which keeps one per task.

#include <cstdint>
#include <limits>
#include <optional>

#include "sim/model_profile.hpp"
#include "sim/reply.hpp"

namespace pollbench::sim {

class FaultSchedule {
 public:
  // Keeps a pointer to `model`, which must outlive it: never a temporary.
  FaultSchedule(const ModelProfile& model, std::uint64_t seed, std::uint64_t task);
  FaultSchedule(ModelProfile&&, std::uint64_t, std::uint64_t) = delete;

  // The fault injected into the attempt-th request that names the task (0 is the first),
  // if any. Attempts must not decrease; a fault that fell on an attempt never asked about
  // (a batch led by another task) is passed over.
  std::optional<Reply> at(std::uint64_t attempt) {
    while (next_ < attempt) draw_next(next_ + 1);
    if (next_ != attempt) return std::nullopt;
    return kind_;
  }

 private:
  static constexpr std::uint64_t never = std::numeric_limits<std::uint64_t>::max();

  // The first fault at or after attempt `from`.
  void draw_next(std::uint64_t from);

  const ModelProfile* model_;
  std::uint64_t seed_;
  std::uint64_t task_;
  std::uint64_t drawn_ = 0;  // faults drawn so far: the next one's stream
  std::uint64_t next_ = never;
  Reply kind_ = Reply::http_500;
};

}  // namespace pollbench::sim
