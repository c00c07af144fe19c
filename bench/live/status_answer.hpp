#pragma once
// How an answer over HTTP reads to a strategy: the Reply the guide's checkStatus
// would see, from the HTTP status, the body, or the failure. Wall-time hints are turned
// into scenario time with the run's time scale.

#include <optional>
#include <string>
#include <vector>

#include "bench/live/http_client.hpp"
#include "sim/reply.hpp"
#include "sim/task_progress.hpp"
#include "sim/server/time_scale.hpp"

namespace pollbench::bench::live {

struct TaskState {
  std::string id;
  sim::Reply state = sim::Reply::waiting;
  sim::Duration poll_after{};                  // the server's pollAfterMs, zero when none
  bool fail_message_mentions_network = false;  // `${failCode}: ${failMsg}` contains 'network'
  sim::TaskProgress progress;                  // where the model reports it
};

struct StatusAnswer {
  sim::Reply reply = sim::Reply::waiting;  // a fault for the whole request, else the first task's state
  sim::Duration retry_after{};             // with http_429
  std::vector<TaskState> tasks;            // every record in the answer, when it is not a fault

  const TaskState* find(const std::string& id) const;
};

StatusAnswer read_status_answer(const HttpExchange& exchange, const sim::server::TimeScale& scale);

// The task's state an event of its stream carries (the data of a status answer), or
// nullopt when it is not one.
std::optional<TaskState> read_stream_event(const std::string& data, const sim::server::TimeScale& scale);

// The taskId a submission answered with, or empty when it failed in any way.
std::string read_created_task(const HttpExchange& exchange);

using sim::reply_of_state;

}  // namespace pollbench::bench::live
