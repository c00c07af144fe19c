#pragma once
// The guide's techniques with their sharp edges fixed, each beside the faithful one:
// limits count real elapsed time (request latency included), a request error is retried
// on the schedule instead of ending the task, a 429 waits for its Retry-After, and the
// concurrent poller survives errors and polls each model at its own interval.

#include <algorithm>
#include <map>
#include <string>

#include "strategies/adaptive.hpp"
#include "strategies/steady_poll.hpp"

namespace pollbench::strategies {

// The guide's per-model table, run by SteadyPoll: `max` becomes a real deadline.
struct CorrectedAdaptive {
  static constexpr const char* kind = "corrected_adaptive";
  Adaptive table;

  SteadyPoll for_model(std::string_view model) const {
    const auto c = table.for_model(model).config;
    return {c.initial, c.interval, c.max};
  }
};

// TaskPoller with Promise.allSettled semantics: an error leaves the task for the next
// round; rounds come at the model's own interval from the guide's table; a task gives up
// at the model's `max` of real time.
struct CorrectedConcurrent {
  static constexpr const char* kind = "corrected_concurrent";
  Adaptive table;

  struct State {};

  Duration interval_for(std::string_view model) const { return table.for_model(model).config.interval; }
  std::size_t batch_size() const { return 1; }

  struct ForModel {
    using State = CorrectedConcurrent::State;
    Duration deadline;
    Decision next(State&, const Observation& o) const {
      if (is_terminal(o.reply)) return Decision::report(verdict_of_terminal(o.reply));
      if (o.now >= deadline) return Decision::report(Verdict::timeout);
      return Decision::poll_after(Duration{});  // again next round
    }
  };
  ForModel rounds_for(std::string_view model) const { return {table.for_model(model).config.max}; }
};

// The corrected concurrent poller asking for up to `max_batch` tasks in one status
// request (GET ...?ids=a,b,c): a round costs one request per batch, not per task.
struct BatchConcurrent : CorrectedConcurrent {
  static constexpr const char* kind = "batch_concurrent";
  std::size_t max_batch = 50;

  std::size_t batch_size() const { return max_batch; }
};

}  // namespace pollbench::strategies
