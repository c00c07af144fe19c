#pragma once
// What one model looks like from the client's side: how long its tasks take, how they
// fail or hang, how its status endpoint answers, how its webhooks are delivered.

#include <cstdint>
#include <string>

#include "sim/distribution.hpp"
#include "sim/time.hpp"

namespace pollbench::sim {

// Per-request probabilities of each fault; the rest of the time the request succeeds.
struct FaultRates {
  double http_500 = 0;
  double http_503 = 0;
  double http_429 = 0;
  double connection_reset = 0;
  double timeout = 0;  // the response stalls past the client's request timeout
  double malformed_body = 0;
  Duration retry_after{};  // the Retry-After a 429 carries

  double total() const { return http_500 + http_503 + http_429 + connection_reset + timeout + malformed_body; }
};

struct FailureProfile {
  double rate = 0;
  std::string code;
  std::string message;
  Distribution time = Constant{0};  // when a failing task fails, from submission
};

struct WebhookProfile {
  Distribution delay = Constant{0};  // from the terminal moment to the first delivery
  double loss_rate = 0;
  double duplicate_rate = 0;
};

// A poll-after hint in pending answers: the server's estimate of the task's remaining
// time, off by a lognormal factor, scaled down to be safe, and capped.
struct PollAfterHint {
  bool enabled = false;
  double sigma = 0.3;     // of the estimate's log error
  double fraction = 0.8;  // hint = fraction x estimate
  Duration max = std::chrono::seconds{60};
};

// Long polling (`Prefer: wait=N`): the server holds a status request until the task ends
// or the wait passes, at most `max_wait`; a held request is reset with probability
// `reset_rate`, at a moment drawn uniformly within its hold.
struct LongPolling {
  bool enabled = false;
  Duration max_wait = std::chrono::seconds{60};
  double reset_rate = 0;
};

// A server-sent event stream of the task's state and progress, ending at its terminal
// state. A proxy cuts a stream that carried no event for `idle_cut` (zero: never); each
// event after the first of a connection is lost with probability `event_loss_rate`.
struct EventStreaming {
  bool enabled = false;
  Duration idle_cut = std::chrono::seconds{60};
  double event_loss_rate = 0;
};

// Progress in status answers: while generating, the fraction done as the server believes
// it, in whole percents, the task's length off by a factor drawn once per task from
// `error` (lognormal of median 1 and sigma 0.1 unless the scenario gives a law); while
// waiting, the queue position when `queue_slot` (the time one place in the queue takes) is set.
struct ProgressReporting {
  bool enabled = false;
  Distribution error = LogNormal{0, 0.1};
  Duration queue_slot{};
};

struct ModelProfile {
  std::string name;
  std::uint64_t key = 0;                  // model_key(name)
  Distribution completion = Constant{0};  // time to success, from submission
  Distribution queue = Constant{0};       // time in "waiting" before "generating"
  FailureProfile failure;
  double hang_rate = 0;  // never reaches a terminal state
  Distribution response_time = Constant{0};
  FaultRates faults;
  WebhookProfile webhook;
  PollAfterHint poll_after_hint;
  LongPolling long_poll{};
  EventStreaming event_stream{};
  ProgressReporting progress{};
};

}  // namespace pollbench::sim
