#pragma once
// The mock server's answers in the API's shape (sim/api_reply.hpp), with the HTTP
// status, headers and playback a front end needs: normal records, errors, 429s and the
// injected faults laid over a normal answer.

#include <string>
#include <string_view>

#include "sim/api_reply.hpp"
#include "sim/server/api_exchange.hpp"
#include "sim/server/task_ledger.hpp"
#include "sim/status_service.hpp"

namespace pollbench::sim::server {

ApiResponse json_answer(int status, std::string body);
ApiResponse error_answer(int status, std::string_view message);
// 200 with Prometheus's text exposition, the one answer that is not JSON.
ApiResponse metrics_answer(std::string exposition);

// 429 with Retry-After in whole seconds as HTTP has it (rounded up: never sooner than
// allowed), and Retry-After-Ms to the microsecond for time scales where a scaled wait is
// under a second.
ApiResponse too_many(Duration retry_after, const TimeScale& scale, std::string_view message);

// A task's status record in `state`; `poll_after` zero gives no hint; progress where
// the model reports it.
StatusRecord record_of(const ServedTask& task, Reply state, Duration poll_after, const TimeScale& scale,
                       const TaskProgress& progress = {});

// The answer to a status request whose fate is `fate`: `normal_body` as it is, or the
// injected fault in its place (an error, a 429, a reset, the body cut in half). A stall
// answers normally, late enough that a client keeping the scenario's timeout has left.
ApiResponse fated_answer(const StatusReply& fate, std::string normal_body, const TimeScale& scale);

}  // namespace pollbench::sim::server
