#pragma once
// The draws of the first status requests of a chunk of tasks, made the first time a
// strategy asks and kept for the others. Every strategy's k-th request of a task draws
// the same (common random numbers), so strategies run on the same tasks together need
// each drawn once, not once each: on the default scenario the draws were two fifths of
// the time.

#include <cstdint>
#include <vector>

#include "sim/status_service.hpp"

namespace pollbench::bench {

class SharedDraws {
 public:
  // Beyond this many requests of a task, the few strategies that get there draw their
  // own: enough for the guide's 60 fixed-interval polls and most of the patient ones.
  static constexpr std::uint32_t attempts = 128;
  static_assert(attempts <= 255, "counted in a byte a task");

  explicit SharedDraws(const sim::StatusService& service) : service_(&service) {}

  // Forgets the draws kept and keeps those of tasks first to first + tasks (excluded)
  // from now on; nothing when the service draws nothing. The memory stays for the next.
  void start(std::uint64_t first, std::uint64_t tasks) {
    first_ = first;
    if (!service_->draws_anything()) return;
    drawn_.assign(tasks, 0);
    if (slots_.size() < tasks * attempts) slots_.resize(tasks * attempts);
  }

  // A strategy asks for a task's draws in attempt order, so each task's kept draws are
  // the first drawn_ of its slots.
  sim::ResponseDraws at(std::uint64_t task, std::uint32_t attempt) {
    const auto k = task - first_;
    if (drawn_.empty() || attempt > drawn_[k] || attempt >= attempts) return service_->draws(task, attempt);
    auto& slot = slots_[k * attempts + attempt];
    if (attempt == drawn_[k]) {
      slot = service_->draws(task, attempt);
      ++drawn_[k];
    }
    return slot;
  }

 private:
  const sim::StatusService* service_;
  std::uint64_t first_ = 0;
  std::vector<std::uint8_t> drawn_;        // per task of the chunk: how many of its first draws are kept
  std::vector<sim::ResponseDraws> slots_;  // (task - first) x attempts + attempt
};

}  // namespace pollbench::bench
