#include "sim/server/request_handler.hpp"

#include <fmt/format.h>

#include "sim/server/answers.hpp"
#include "sim/server/api_keys.hpp"
#include "sim/event_stream.hpp"
#include "sim/server/routes.hpp"

namespace pollbench::sim::server {

RequestHandler::RequestHandler(const Scenario& scenario, std::span<const ApiKey> keys, BodyRules rules, TimeScale scale,
                               TaskLedger& ledger, ScheduleDelivery schedule, Scrape scrape,
                               std::size_t max_clients_per_key)
    : scenario_(scenario),
      keys_(keys),
      rules_(std::move(rules)),
      scale_(scale),
      ledger_(ledger),
      schedule_(std::move(schedule)),
      scrape_(std::move(scrape)),
      rate_limits_(scenario.rate_limit, scale, WallClock::now(), max_clients_per_key) {
  // The client's timeout is the client's business: the server answers when it answers.
  for (const auto& m : scenario.models) services_.emplace_back(m, scenario.seed, Duration::max());
}

ApiResponse RequestHandler::handle(const ApiRequest& request) {
  const auto route = route_of(request.method, request.target);
  auto answer = dispatch(request, route);
  answer.endpoint = route.endpoint;
  return answer;
}

ApiResponse RequestHandler::dispatch(const ApiRequest& request, const Route& route) {
  if (route.endpoint == Endpoint::none)
    return error_answer(404, fmt::format("no such endpoint: {} {}", request.method, route.path));
  if (route.endpoint == Endpoint::stats) return json_answer(200, json_text(ledger_.stats(request.now)));
  // No key, as for /admin/stats: a Prometheus scrape config rarely sends one.
  if (route.endpoint == Endpoint::metrics) return metrics_answer(scrape_(request.now));
  const ApiKey* key = authorised(request.header("Authorization"), keys_);
  if (!key) return error_answer(401, "missing or unknown API key");
  try {
    switch (route.endpoint) {
      case Endpoint::create:
        return create(request, *key, route.model);
      case Endpoint::status:
        return status(request, *key, route.query);
      case Endpoint::stream:
        return stream(request, *key, route.query);
      default:
        return batch(request, *key);
    }
  } catch (const Refused& refused) {
    return error_answer(refused.status(), refused.what());
  } catch (const std::exception&) {
    return error_answer(500, "internal error");  // a bug of ours, never a reason to stop serving
  }
}

void RequestHandler::answered(const Shown& shown) {
  for (const auto& [task, detection] : shown) ledger_.shown_terminal(*task, detection);
}

ApiResponse RequestHandler::create(const ApiRequest& request, const ApiKey& key, const std::string& model_name) {
  const auto* model = scenario_.find_model(model_name);
  if (!model) return error_answer(404, fmt::format("unknown model \"{}\"", model_name));
  auto body = check_create_body(request.body, rules_);
  const auto index = check_task_index(request.header("X-Pollbench-Task-Index"));
  const auto series = check_series(request.header("X-Pollbench-Series"));
  const auto created =
      ledger_.create(key.key, *model, std::move(body.input), std::move(body.callback_url), request.now, index, series);
  if (const auto* refusal = std::get_if<Refusal>(&created)) return refused(*refusal, *model, index);
  const auto& task = *std::get<const ServedTask*>(created);
  if (body.callback) schedule_webhook(task, key, *body.callback);
  return json_answer(200, created_body(task.id));
}

ApiResponse RequestHandler::refused(Refusal refusal, const ModelProfile& model,
                                    std::optional<std::uint64_t> index) const {
  switch (refusal) {
    case Refusal::exists:
      return error_answer(409,
                          fmt::format("task {} of {} already exists in this series", index.value_or(0), model.name));
    case Refusal::key_full:
      return error_answer(429, "this key holds as many tasks as --max-tasks-per-key allows");
    default:
      return error_answer(507, "the journal is full (--max-journal-bytes): restart the server to begin a new one");
  }
}

ApiResponse RequestHandler::status(const ApiRequest& request, const ApiKey& key, std::string_view query) {
  const auto id = check_task_id(query);
  const auto wait = check_wait(request.header("Prefer"), query);
  const auto found = ledger_.request({id}, key.key);
  if (!found) return error_answer(404, fmt::format("unknown task \"{}\"", id));
  if (auto refused = rate_limited(request, key)) return std::move(*refused);
  const auto* task = found->front().task;
  const auto at = scale_.to_scenario(request.now - task->created);
  const auto hold =
      wait ? scale_.to_scenario(std::chrono::duration_cast<WallClock::duration>(std::chrono::duration<double>(*wait)))
           : Duration{};
  const auto fate = fate_of(found->front(), request.now, hold);
  const auto state = is_error(fate.reply) ? state_at(task->truth, at + fate.held) : fate.reply;
  auto answer =
      fated_answer(fate, status_body(record_of(*task, state, fate.poll_after, scale_, fate.progress)), scale_);
  if (is_terminal(fate.reply)) answer.shown.emplace_back(task, at + fate.latency - task->truth.terminal_at);
  answer.delay = delay_of(fate, hold);
  return answer;
}

// Many tasks' status in one request; its fate (delay, fault) is its first task's.
ApiResponse RequestHandler::batch(const ApiRequest& request, const ApiKey& key) {
  const auto names = check_batch_body(request.body, rules_);
  const auto found = ledger_.request(names, key.key);
  if (!found) return error_answer(404, "taskIds: an unknown task among them");
  if (auto refused = rate_limited(request, key)) return std::move(*refused);
  const auto fate = fate_of(found->front(), request.now);
  // Only an answer shows states; a stall's latency is Duration::max(), not a time to add.
  const bool shows = !is_error(fate.reply);
  std::vector<StatusRecord> records;
  Shown shown;
  for (const auto& named : *found) {
    const auto* t = named.task;
    const auto at = scale_.to_scenario(request.now - t->created);
    const auto state = state_at(t->truth, at);
    records.push_back(record_of(*t, state, {}, scale_));
    if (shows && is_terminal(state)) shown.emplace_back(t, at + fate.latency - t->truth.terminal_at);
  }
  auto answer = fated_answer(fate, batch_body(records), scale_);
  answer.shown = std::move(shown);
  answer.delay = delay_of(fate);
  return answer;
}

// The task's event stream from now: opening it is a status request (its fault, its
// response time, the rate limit); then the events a connection opened now would carry
// (sim/event_stream.hpp), each due when it happens, until the stream ends.
ApiResponse RequestHandler::stream(const ApiRequest& request, const ApiKey& key, std::string_view query) {
  const auto id = check_task_id(query);
  const auto seen = check_last_event_id(request.header("Last-Event-ID"), query);
  const auto found = ledger_.request({id}, key.key);
  if (!found) return error_answer(404, fmt::format("unknown task \"{}\"", id));
  const auto* task = found->front().task;
  if (!task->model->event_stream.enabled)
    return error_answer(404, fmt::format("no event stream for tasks of {}", task->model->name));
  if (auto refused = rate_limited(request, key)) return std::move(*refused);
  const auto fate = fate_of(found->front(), request.now);
  if (is_error(fate.reply)) {
    auto answer = fated_answer(fate, std::string(), scale_);
    answer.delay = delay_of(fate);
    return answer;
  }
  const auto& service = service_of(*task);
  const EventStream events(*task->model, task->truth, service.progress_of(task->truth, task->index), scenario_.seed,
                           task->index);
  const auto opened = scale_.to_scenario(request.now - task->created);
  auto connection = events.open(opened, seen);
  ApiResponse answer;
  answer.delay = delay_of(fate);
  const auto head_out = request.now + answer.delay;
  for (;;) {
    const auto next = connection.next();
    const auto due = std::max(head_out, task->created + scale_.to_wall(next.at));
    if (!next.event) {
      answer.events.push_back({due, {}, {}});
      break;
    }
    const auto& e = *next.event;
    auto& streamed = answer.events.emplace_back();
    streamed.due = due;
    streamed.text = fmt::format("id: {}\nevent: status\ndata: {}\n\n", e.id,
                                status_body(record_of(*task, e.state, {}, scale_, e.progress)));
    if (is_terminal(e.state)) {
      streamed.shown.emplace_back(task, scale_.to_scenario(due - task->created) - task->truth.terminal_at);
      answer.events.push_back({due, {}, {}});
      break;
    }
  }
  return answer;
}

StatusReply RequestHandler::fate_of(const TaskLedger::Request& first, WallClock::time_point now, Duration hold) {
  const auto& t = *first.task;
  const auto fate =
      service_of(t).status(t.truth, t.index, first.attempt, scale_.to_scenario(now - t.created), first.fault, hold);
  if (is_error(fate.reply)) ledger_.fault(fate.reply);  // counted when injected, even if the client leaves
  return fate;
}

// The wait before answering: the model's response time, or for a stall twice the
// scenario's client timeout, so that any client following the scenario gives up first.
WallClock::duration RequestHandler::delay_of(const StatusReply& fate, Duration hold) const {
  return scale_.to_wall(fate.reply == Reply::timeout ? 2 * scenario_.request_timeout + hold : fate.latency);
}

// A 429 from the scenario's rate limit, if it applies.
std::optional<ApiResponse> RequestHandler::rate_limited(const ApiRequest& request, const ApiKey& key) {
  const auto refusal = rate_limits_.refuse(key.key, request.header("X-Pollbench-Client").value_or(""), request.now);
  if (!refusal) return std::nullopt;
  ledger_.rate_limited();
  return too_many(refusal->retry_after, scale_,
                  refusal->too_many_clients ? "too many X-Pollbench-Client names within the rate limit's refill time "
                                              "for this key (--max-clients-per-key)"
                                            : "too many requests");
}

void RequestHandler::schedule_webhook(const ServedTask& t, const ApiKey& key, const CallbackTarget& target) {
  const auto fate = service_of(t).webhook(t.truth, t.index);
  if (!t.truth.finishes()) return;  // a hang never calls back
  if (!fate.delivered) return ledger_.webhook(WebhookEvent::lost);
  const auto state = t.truth.outcome == Outcome::failed ? Reply::failed : Reply::success;
  const auto payload = status_body(record_of(t, state, {}, scale_));
  const auto due = t.created + scale_.to_wall(fate.first_at);
  for (std::uint32_t copy = 0; copy < fate.copies; ++copy) {
    ledger_.webhook(copy == 0 ? WebhookEvent::scheduled : WebhookEvent::duplicated);
    schedule_({&t, target.host, target.port, target.path, payload, key.webhook_secret, 0},
              due + copy * scale_.to_wall(std::chrono::seconds{1}));
  }
}

const StatusService& RequestHandler::service_of(const ServedTask& t) const {
  return services_[static_cast<std::size_t>(t.model - scenario_.models.data())];
}

}  // namespace pollbench::sim::server
