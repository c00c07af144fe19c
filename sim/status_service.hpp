#pragma once
// What the status API answers for one task at one moment, fault included. The simulator
// and the HTTP mock server both ask this, so they cannot disagree about the world.

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/model_profile.hpp"
#include "sim/reply.hpp"
#include "sim/task_progress.hpp"
#include "sim/task_truth.hpp"

namespace pollbench::sim {

struct StatusReply {
  Reply reply = Reply::waiting;
  Duration latency{};       // from sending the request to the client knowing the answer
  Duration retry_after{};   // set on http_429
  Duration poll_after{};    // a pending answer's hint, when the model gives one
  TaskProgress progress{};  // where the model reports progress
  Duration held{};          // how long the server held the request (a long poll) before answering
};

// What a status request draws from its keyed stream (seed, model, task, response,
// attempt), in this order: the same for every strategy's attempt-th request of a task.
struct ResponseDraws {
  Duration response{};    // its response time
  double hint_error = 1;  // the factor its poll-after hint's estimate is off by (1 without hints)
};

struct WebhookDelivery {
  bool delivered = false;
  Duration first_at{};       // from submission
  std::uint32_t copies = 0;  // 2 when duplicated
};

class StatusService {
 public:
  StatusService(const ModelProfile& model, std::uint64_t seed, Duration client_timeout);

  // The answer to the attempt-th status request for a task, sent `at` after submission,
  // with the fault its FaultSchedule put there, if any. The task's state is read when
  // the request arrives, which is when it is sent: the response time is all on the way
  // back. Draws only what the model needs: a constant response time and no hint, nothing.
  // With `hold` (a long poll, where the model supports it) the server holds a pending
  // task's request until it ends or min(hold, max_wait) passes, then answers: the state
  // is read then. A fault answers at once; a held request may be reset. The client's
  // timeout grows by the hold it asked for.
  // `with_progress`: whether the answer reports progress where the model does; a client
  // that never reads it spares the draw.
  StatusReply status(const TaskTruth& truth, std::uint64_t task, std::uint32_t attempt, Duration at,
                     std::optional<Reply> fault, Duration hold = {}, bool with_progress = true) const;
  // The same with the request's draws already made (draws(task, attempt)), for a driver
  // that shares them between the strategies it runs on the same tasks.
  StatusReply status(const TaskTruth& truth, std::uint64_t task, std::uint32_t attempt, const ResponseDraws& drawn,
                     Duration at, std::optional<Reply> fault, Duration hold, bool with_progress) const;

  // The attempt-th status request's draws for a task: kept, free (a constant response
  // time and no hint), or drawn.
  ResponseDraws draws(std::uint64_t task, std::uint32_t attempt) const;
  // Whether a request draws anything: not with a constant response time and no hint.
  bool draws_anything() const;

  // The task's progress as this model's server reports it.
  ProgressReport progress_of(const TaskTruth& truth, std::uint64_t task) const;

  WebhookDelivery webhook(const TaskTruth& truth, std::uint64_t task) const;

  // Draws the response times of the first `attempts` requests of tasks 0 to `tasks`
  // once and keeps them, for a world that many runs replay (the tuner's): the same
  // numbers, not drawn again for every run.
  void keep_responses(std::uint64_t tasks, std::uint32_t attempts);

  const ModelProfile& model() const { return model_; }

 private:
  ResponseDraws draw(std::uint64_t task, std::uint32_t attempt) const;

  const ModelProfile& model_;
  std::uint64_t seed_;
  Duration client_timeout_;
  std::optional<Duration> constant_response_;  // when the law is a constant: nothing to draw
  Duration nominal_generating_{};              // for the progress of a task that hangs
  std::vector<ResponseDraws> kept_;            // task x kept_attempts_ + attempt
  std::uint64_t kept_tasks_ = 0;
  std::uint32_t kept_attempts_ = 0;
};

Reply state_at(const TaskTruth& truth, Duration at);

}  // namespace pollbench::sim
