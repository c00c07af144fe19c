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
  // Beyond this many requests of a task, the few strategies that get there draw their own.
  static constexpr std::uint32_t attempts = 32;

  explicit SharedDraws(const sim::StatusService& service) : service_(&service) {}

  // Forgets the draws kept and keeps those of tasks first to first + tasks (excluded)
  // from now on; nothing when the service draws nothing. The memory stays for the next.
  void start(std::uint64_t first, std::uint64_t tasks) {
    first_ = first;
    slots_.assign(service_->draws_anything() ? tasks * attempts : 0, not_drawn);
  }

  sim::ResponseDraws at(std::uint64_t task, std::uint32_t attempt) {
    if (slots_.empty() || attempt >= attempts) return service_->draws(task, attempt);
    auto& slot = slots_[(task - first_) * attempts + attempt];
    if (slot.response == not_drawn.response) slot = service_->draws(task, attempt);
    return slot;
  }

 private:
  static constexpr sim::ResponseDraws not_drawn{sim::Duration::min(), 1};  // no law draws a negative time

  const sim::StatusService* service_;
  std::uint64_t first_ = 0;
  std::vector<sim::ResponseDraws> slots_;  // (task - first) x attempts + attempt
};

}  // namespace pollbench::bench
