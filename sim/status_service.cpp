#include "sim/status_service.hpp"

#include <cmath>

namespace pollbench::sim {

Reply state_at(const TaskTruth& truth, Duration at) {
  if (at >= truth.terminal_at) return truth.outcome == Outcome::failed ? Reply::failed : Reply::success;
  return at >= truth.generating_at ? Reply::generating : Reply::waiting;
}

StatusReply StatusService::status(const TaskTruth& truth, std::uint64_t task, std::uint32_t attempt, Duration at,
                                  std::optional<Reply> fault) const {
  RandomStream random({seed_, model_.key, task, Purpose::response, attempt});
  StatusReply answer{state_at(truth, at), to_duration(model_.response_time.sample(random)), {}};
  if (fault) {
    answer.reply = *fault;
    if (*fault == Reply::http_429) answer.retry_after = model_.faults.retry_after;
    if (*fault == Reply::timeout) answer.latency = Duration::max();  // a stall: it never answers in time
  }
  // One rule for stalls and slow answers alike: past the client's timeout it sees a
  // timeout, whatever the server would have said.
  if (answer.latency >= client_timeout_) answer = {Reply::timeout, client_timeout_, {}, {}};
  const auto& hint = model_.poll_after_hint;
  if (hint.enabled && (answer.reply == Reply::waiting || answer.reply == Reply::generating)) {
    // Drawn last, so a hint never moves the draws before it. A hang looks like a task
    // far from done: the server does not know it will never finish.
    const double remaining_s = truth.finishes() ? seconds(truth.terminal_at - at) : seconds(hint.max);
    const double estimate_s = remaining_s * std::exp(hint.sigma * random.normal());
    answer.poll_after = std::min(hint.max, from_seconds(hint.fraction * estimate_s));
  }
  return answer;
}

WebhookDelivery StatusService::webhook(const TaskTruth& truth, std::uint64_t task) const {
  if (!truth.finishes()) return {};
  RandomStream random({seed_, model_.key, task, Purpose::webhook, 0});
  if (random.uniform() < model_.webhook.loss_rate) return {};
  const auto delay = to_duration(model_.webhook.delay.sample(random));
  const std::uint32_t copies = random.uniform() < model_.webhook.duplicate_rate ? 2 : 1;
  return {true, truth.terminal_at + delay, copies};
}

}  // namespace pollbench::sim
