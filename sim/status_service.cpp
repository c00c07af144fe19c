#include "sim/status_service.hpp"

#include <cmath>

namespace pollbench::sim {

Reply state_at(const TaskTruth& truth, Duration at) {
  if (at >= truth.terminal_at) return truth.outcome == Outcome::failed ? Reply::failed : Reply::success;
  return at >= truth.generating_at ? Reply::generating : Reply::waiting;
}

StatusService::StatusService(const ModelProfile& model, std::uint64_t seed, Duration client_timeout)
    : model_(model), seed_(seed), client_timeout_(client_timeout) {
  if (const auto* constant = std::get_if<Constant>(&model.response_time.law()))
    constant_response_ = to_duration(Seconds{constant->value_s});
  if (model.progress.enabled) nominal_generating_ = nominal_generating_time(model);
}

ProgressReport StatusService::progress_of(const TaskTruth& truth, std::uint64_t task) const {
  return {model_, truth, seed_, task, nominal_generating_};
}

StatusReply StatusService::status(const TaskTruth& truth, std::uint64_t task, std::uint32_t attempt, Duration at,
                                  std::optional<Reply> fault, Duration hold, bool with_progress) const {
  return status(truth, task, attempt, draws(task, attempt), at, fault, hold, with_progress);
}

StatusReply StatusService::status(const TaskTruth& truth, std::uint64_t task, std::uint32_t attempt,
                                  const ResponseDraws& drawn, Duration at, std::optional<Reply> fault, Duration hold,
                                  bool with_progress) const {
  StatusReply answer{Reply::waiting, drawn.response, {}};
  // The client waits for an answer it asked the server to hold as much longer, whatever
  // the server does with the request.
  const auto timeout =
      hold > Duration{} && client_timeout_ != Duration::max() ? client_timeout_ + hold : client_timeout_;
  if (hold > Duration{} && model_.long_poll.enabled && !fault && at < truth.terminal_at) {
    const auto most = std::min(hold, model_.long_poll.max_wait);
    answer.held = truth.finishes() ? std::min(most, truth.terminal_at - at) : most;
    if (model_.long_poll.reset_rate > 0 && answer.held > Duration{}) {
      RandomStream reset({seed_, model_.key, task, Purpose::hold, attempt});
      if (reset.uniform() < model_.long_poll.reset_rate) {
        fault = Reply::connection_reset;
        answer.held = from_seconds(seconds(answer.held) * reset.uniform());
      }
    }
  }
  at += answer.held;
  answer.latency += answer.held;
  answer.reply = state_at(truth, at);
  if (fault) {
    answer.reply = *fault;
    if (*fault == Reply::http_429) answer.retry_after = model_.faults.retry_after;
    if (*fault == Reply::timeout) answer.latency = Duration::max();  // a stall: it never answers in time
  }
  // One rule for stalls and slow answers alike: past the client's timeout it sees a
  // timeout, whatever the server would have said.
  if (answer.latency >= timeout) answer = {Reply::timeout, timeout, {}, {}, {}, answer.held};
  if (!is_pending(answer.reply)) return answer;
  if (with_progress && model_.progress.enabled) answer.progress = progress_of(truth, task).at(at);
  const auto& hint = model_.poll_after_hint;
  if (hint.enabled) {
    // A hang looks like a task far from done: the server does not know it will never finish.
    const double remaining_s = truth.finishes() ? seconds(truth.terminal_at - at) : seconds(hint.max);
    const double estimate_s = remaining_s * drawn.hint_error;
    answer.poll_after = std::min(hint.max, from_seconds(hint.fraction * estimate_s));
  }
  return answer;
}

void StatusService::keep_responses(std::uint64_t tasks, std::uint32_t attempts) {
  if (!draws_anything()) return;
  kept_.clear();
  kept_.reserve(tasks * attempts);
  for (std::uint64_t task = 0; task < tasks; ++task)
    for (std::uint32_t attempt = 0; attempt < attempts; ++attempt) kept_.push_back(draw(task, attempt));
  kept_tasks_ = tasks;
  kept_attempts_ = attempts;
}

bool StatusService::draws_anything() const { return !constant_response_ || model_.poll_after_hint.enabled; }

ResponseDraws StatusService::draws(std::uint64_t task, std::uint32_t attempt) const {
  if (task < kept_tasks_ && attempt < kept_attempts_) return kept_[task * kept_attempts_ + attempt];
  if (!draws_anything()) return {*constant_response_, 1.0};
  return draw(task, attempt);
}

ResponseDraws StatusService::draw(std::uint64_t task, std::uint32_t attempt) const {
  RandomStream random({seed_, model_.key, task, Purpose::response, attempt});
  ResponseDraws drawn{constant_response_.value_or(Duration{}), 1.0};
  const auto* lognormal = std::get_if<LogNormal>(&model_.response_time.law());
  if (lognormal && model_.poll_after_hint.enabled) {
    // Both normals first: two chains of arithmetic the CPU runs side by side rather than
    // one after the other. The same numbers as sample() and the lines below give.
    const double response_z = random.normal(), hint_z = random.normal();
    drawn.response = to_duration(Seconds{lognormal->seconds_at(response_z)});
    drawn.hint_error = std::exp(model_.poll_after_hint.sigma * hint_z);
    return drawn;
  }
  // The response time first, then the hint's error: a hint never moves the draw before it.
  if (!constant_response_) drawn.response = to_duration(model_.response_time.sample(random));
  if (model_.poll_after_hint.enabled) drawn.hint_error = std::exp(model_.poll_after_hint.sigma * random.normal());
  return drawn;
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
