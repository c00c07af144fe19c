#pragma once
// A task's client in virtual time: the TaskClient state machine, fed its answers from the
// status service and its webhook from the scenario's delivery fate, in time order. A
// callback that reaches the client no later than a request would leave or its answer
// would come is heard first.

#include "bench/client/task_client.hpp"
#include "bench/drivers/simulated_request.hpp"
#include "bench/drivers/simulated_stream.hpp"
#include "bench/drivers/strategy_draws.hpp"

namespace pollbench::bench {

template <strategies::TaskPolicy Policy>
class SimulatedTask {
 public:
  SimulatedTask(const Policy& policy, const ModelWorld& world, std::uint64_t task)
      : SimulatedTask(policy, world, WorldTask(world, task)) {}
  // The task as the caller drew it: a chunk at a time, once for every strategy it runs.
  SimulatedTask(const Policy& policy, const ModelWorld& world, const WorldTask& task)
      : world_(&world),
        task_(task),
        record_(fresh_record(task.truth)),
        client_(policy, draw_for<Policy>(world, task.index, 0)) {
    if constexpr (strategies::HearsCallbacks<Policy>) callback_ = world.service.webhook(task.truth, task.index);
  }

  // When the next status request goes out (or, while the client listens to an open
  // stream, when it hears the stream next), from submission; `done` once the client is
  // done or waits for a callback that never comes. A plain duration, not an optional:
  // GCC 12 copies an optional with one 16-byte load from the two stores that built it,
  // a failed store forward on every request (13% of the plain scenario's time).
  static constexpr sim::Duration done = sim::Duration::min();  // a time from submission is never negative
  sim::Duration next_request() {
    if constexpr (strategies::Listens<Policy>) {
      if (const auto from = client_.listen_at()) return stream_.next_at(*from, client_.hold());
      stream_.close(record_);
    }
    const auto at = client_.poll_at();
    const bool callback_first = at ? callback_.first_at <= *at : client_.awaiting_callback();
    if (callback_.delivered && callback_first) {
      hear_callback();
      return next_request();
    }
    return at.value_or(done);
  }

  // Whether what happens at next_request() is a request, which a rate limit counts.
  bool sends_request() const {
    if constexpr (strategies::Listens<Policy>)
      if (client_.listen_at()) return !stream_.open();
    return true;
  }

  // Does what next_request() said, at `at`: sends the request (refused by the client's
  // rate limit with that Retry-After) or hears the stream.
  void act(sim::Duration at, RateHistogram& rate, std::optional<sim::Duration> refused = std::nullopt) {
    if constexpr (strategies::Listens<Policy>) {
      if (client_.listen_at()) {
        if (auto seen = stream_.act(*world_, task_, record_, rate, refused)) client_.answered(*seen);
        return;
      }
    }
    answered(
        at, send_status(*world_, task_, at, rate, record_, refused, client_.hold(), strategies::ReadsProgress<Policy>));
  }

  WorldTask& task() { return task_; }

  // The record once the client is done, by reference: a whole copy right after the
  // writes below would stall, its wide loads unable to take the narrow stores' data.
  const TaskRecord& finish() {
    if constexpr (strategies::Listens<Policy>) stream_.close(record_);
    if (client_.report()) {
      record_.verdict = client_verdict(client_.report()->verdict);
      record_.known_at = client_.report()->at;
    }
    return record_;
  }

 private:
  void answered(sim::Duration sent, strategies::Observation seen) {
    count_request(record_, seen.reply, 1.0, sent, seen.now);
    seen.uniform = draw_for<Policy>(*world_, task_.index, record_.requests);
    if (callback_.delivered && callback_.first_at <= seen.now) hear_callback();
    client_.answered(seen);
  }

  // Only the first copy of a callback counts.
  void hear_callback() {
    callback_.delivered = false;
    const auto at = callback_.first_at;
    client_.called_back({at, sim::state_at(task_.truth, at), {}, false});
  }

  const ModelWorld* world_;
  WorldTask task_;
  TaskRecord record_;
  TaskClient<Policy> client_;
  sim::WebhookDelivery callback_;
  struct NoStream {};
  [[no_unique_address]] std::conditional_t<strategies::Listens<Policy>, SimulatedStream, NoStream> stream_;
};

}  // namespace pollbench::bench
