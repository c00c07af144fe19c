#pragma once
// The vocabulary every strategy shares: what the client saw, and what it decides.
// Strategies never read a clock: `now` arrives in the observation, delays leave in the
// decision, so the same policy runs in virtual time and over real HTTP.

#include <chrono>
#include <cstdint>

#include "sim/reply.hpp"
#include "sim/task_progress.hpp"

namespace pollbench::strategies {

using Duration = std::chrono::microseconds;

using Reply = sim::Reply;

using sim::is_error;
using sim::is_pending;
using sim::is_terminal;

struct Observation {
  Duration now{};  // since submission, when the answer or the error reached the client
  Reply reply = Reply::waiting;
  Duration retry_after{};  // with http_429
  // The guide's resilient poller decides by matching 'network' in the failure
  // message; the driver states it once per model so no string is touched per poll.
  bool fail_message_mentions_network = false;
  // A fresh uniform draw in (0, 1) for strategies that jitter: the driver takes it from
  // the task's keyed stream, so a strategy never owns a random generator.
  double uniform = 0.5;
  Duration poll_after{};         // the server's hint in a pending answer, zero when none
  sim::TaskProgress progress{};  // a pending answer's progress and queue position, where the model reports them
};

// What the client's code finally tells its caller about a task.
enum class Verdict : std::uint8_t {
  success,
  failure,  // the API said failed
  timeout,  // the client's own limit ran out
  error,    // the client's code threw something else (an HTTP error, a parse error)
};

struct Decision {
  enum class Kind : std::uint8_t {
    poll,            // send a status request after `delay`
    await_callback,  // do nothing; a webhook will (or will not) come
    report,          // tell the caller `verdict`, `delay` from now
    crash,           // the client's whole poller stops: every task it holds is lost
    listen,          // hear the task's event stream, opening it after `delay` if it is not open
  };
  Kind kind = Kind::poll;
  Duration delay{};
  Verdict verdict = Verdict::success;
  // A poll asks the server to hold it up to this long (a long poll; zero: a plain poll);
  // a listen waits this long at most for the stream's next event.
  Duration hold{};

  static constexpr Decision poll_after(Duration d) { return {Kind::poll, d, Verdict::success, {}}; }
  static constexpr Decision long_poll_after(Duration d, Duration hold) {
    return {Kind::poll, d, Verdict::success, hold};
  }
  static constexpr Decision listen_after(Duration d, Duration at_most) {
    return {Kind::listen, d, Verdict::success, at_most};
  }
  static constexpr Decision report_after(Duration d, Verdict v) { return {Kind::report, d, v, {}}; }
  static constexpr Decision report(Verdict v) { return {Kind::report, Duration{}, v, {}}; }
  static constexpr Decision await_callback() { return {Kind::await_callback, Duration{}, Verdict::success, {}}; }
  static constexpr Decision crash() { return {Kind::crash, Duration{}, Verdict::error, {}}; }
};

constexpr Verdict verdict_of_terminal(Reply r) { return r == Reply::success ? Verdict::success : Verdict::failure; }

}  // namespace pollbench::strategies
