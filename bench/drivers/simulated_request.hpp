#pragma once
// One status request in virtual time: the status service's answer for the task at the
// moment it is sent, what the network adds, and the client's rate limit. The transport
// of the simulator, as HTTP is the live driver's.

#include <optional>

#include "bench/client/task_record.hpp"
#include "bench/drivers/model_world.hpp"
#include "strategies/observation.hpp"

namespace pollbench::bench {

// The answer to the request `task` sends `since_submit` after its submission, as
// the client sees it. `refused` is the rate limiter's Retry-After when it refuses: a 429
// answered at once, before the service looks at the task, so with no hint.
// `hold` asks the server to hold the request (a long poll); `with_progress` asks for the
// task's progress, which only a client that reads it needs.
inline strategies::Observation send_status(const ModelWorld& world, WorldTask& task, sim::Duration since_submit,
                                           RateHistogram& rate, const TaskRecord& record,
                                           std::optional<sim::Duration> refused = std::nullopt, sim::Duration hold = {},
                                           bool with_progress = false) {
  auto answer =
      world.service.status(task.truth, task.index, record.requests, task.draws(world, record.requests), since_submit,
                           task.faults.at(record.requests), refused ? sim::Duration{} : hold, with_progress);
  if (refused) {
    answer.reply = sim::Reply::http_429;
    answer.latency = {};
    answer.retry_after = *refused;
    answer.poll_after = {};
    answer.progress = {};
  }
  // What the network adds: nothing unless a live run measured it. A stall ends on the
  // client's own timer, which the network does not move; a held request that the end
  // released answers at the terminal moment, however late it was sent.
  const bool released = answer.held > sim::Duration{} && sim::is_terminal(answer.reply);
  if (answer.reply != sim::Reply::timeout && !released) answer.latency += world.request_overhead;
  rate.request(task.submitted + since_submit, task.submitted + since_submit + answer.latency);
  strategies::Observation seen{since_submit + answer.latency, answer.reply, answer.retry_after,
                               world.fail_message_mentions_network};
  seen.poll_after = answer.poll_after;
  seen.progress = answer.progress;
  return seen;
}

}  // namespace pollbench::bench
