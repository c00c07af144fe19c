#pragma once
// What the status API answers for one task at one moment, fault included. The simulator
// and the HTTP mock server both ask this, so they cannot disagree about the world.

#include <cstdint>
#include <optional>

#include "sim/model_profile.hpp"
#include "sim/reply.hpp"
#include "sim/task_truth.hpp"

namespace pollbench::sim {

struct StatusReply {
  Reply reply = Reply::waiting;
  Duration latency{};      // from sending the request to the client knowing the answer
  Duration retry_after{};  // set on http_429
  Duration poll_after{};   // a pending answer's hint, when the model gives one
};

struct WebhookDelivery {
  bool delivered = false;
  Duration first_at{};       // from submission
  std::uint32_t copies = 0;  // 2 when duplicated
};

class StatusService {
 public:
  StatusService(const ModelProfile& model, std::uint64_t seed, Duration client_timeout)
      : model_(model), seed_(seed), client_timeout_(client_timeout) {}

  // The answer to the attempt-th status request for a task, sent `at` after submission,
  // with the fault its FaultSchedule put there, if any. The task's state is read when
  // the request arrives, which is when it is sent: the response time is all on the way
  // back. Draws only what the model needs: a constant response time and no hint, nothing.
  StatusReply status(const TaskTruth& truth, std::uint64_t task, std::uint32_t attempt, Duration at,
                     std::optional<Reply> fault) const;

  WebhookDelivery webhook(const TaskTruth& truth, std::uint64_t task) const;

  const ModelProfile& model() const { return model_; }

 private:
  const ModelProfile& model_;
  std::uint64_t seed_;
  Duration client_timeout_;
};

Reply state_at(const TaskTruth& truth, Duration at);

}  // namespace pollbench::sim
