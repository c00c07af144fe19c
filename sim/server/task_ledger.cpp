#include "sim/server/task_ledger.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace pollbench::sim::server {

namespace {

const char* fault_name(Reply r) {
  switch (r) {
    case Reply::http_500: return "http_500";
    case Reply::http_503: return "http_503";
    case Reply::http_429: return "http_429";
    case Reply::connection_reset: return "connection_reset";
    case Reply::timeout: return "stall";
    case Reply::malformed_body: return "malformed_body";
    default: return "none";
  }
}

const char* event_name(WebhookEvent e) {
  switch (e) {
    case WebhookEvent::scheduled: return "scheduled";
    case WebhookEvent::lost: return "lost";
    case WebhookEvent::sent: return "sent";
    case WebhookEvent::delivered: return "delivered";
    case WebhookEvent::retried: return "retried";
    case WebhookEvent::duplicated: return "duplicated";
    case WebhookEvent::abandoned: return "abandoned";
  }
  return "unknown";
}

// Mean and nearest-rank percentiles, as the simulator's metrics report them.
nlohmann::ordered_json summary(std::vector<double> xs) {
  if (xs.empty()) return {{"count", 0}};
  std::sort(xs.begin(), xs.end());
  double sum = 0;
  for (double x : xs) sum += x;
  auto rank = [&](double p) { return xs[static_cast<std::size_t>(std::max(1.0, std::ceil(p * xs.size()))) - 1]; };
  return {{"count", xs.size()}, {"mean", sum / xs.size()}, {"p50", rank(0.5)}, {"p95", rank(0.95)}, {"max", xs.back()}};
}

}  // namespace

ServedTask TaskLedger::create(const std::string& api_key, const ModelProfile& model, nlohmann::json input,
                              std::string callback_url, WallClock::time_point now) {
  std::lock_guard lock(mutex_);
  const auto index = next_index_[model.name]++;
  ServedTask t;
  t.id = fmt::format("{}-{:06d}", model.name, index);
  t.api_key = api_key;
  t.model = &model;
  t.index = index;
  t.truth = draw_truth(model, scenario_.seed, index);
  t.created = now;
  t.input = std::move(input);
  t.callback_url = std::move(callback_url);
  order_.push_back(t.id);
  return tasks_[t.id] = t;
}

std::optional<std::pair<ServedTask, std::uint32_t>> TaskLedger::request(const std::string& id, const std::string& api_key,
                                                                        double share) {
  std::lock_guard lock(mutex_);
  const auto it = tasks_.find(id);
  if (it == tasks_.end() || it->second.api_key != api_key) return std::nullopt;
  auto& t = it->second;
  t.requests += share;
  return std::pair{t, t.attempts++};
}

bool TaskLedger::owns(const std::string& id, const std::string& api_key) const {
  std::lock_guard lock(mutex_);
  const auto it = tasks_.find(id);
  return it != tasks_.end() && it->second.api_key == api_key;
}

void TaskLedger::status_request() {
  std::lock_guard lock(mutex_);
  ++status_requests_;
}

void TaskLedger::shown_terminal(const std::string& id, Duration detection) {
  std::lock_guard lock(mutex_);
  auto& t = tasks_.at(id);
  if (!t.detection) t.detection = std::max(Duration{}, detection);
}

void TaskLedger::delivered(const std::string& id) {
  std::lock_guard lock(mutex_);
  tasks_.at(id).delivered = true;
}

void TaskLedger::fault(Reply reply) {
  std::lock_guard lock(mutex_);
  ++faults_[fault_name(reply)];
}

void TaskLedger::rate_limited() {
  std::lock_guard lock(mutex_);
  ++rate_limited_;
}

void TaskLedger::webhook(WebhookEvent event) {
  std::lock_guard lock(mutex_);
  ++webhooks_[event_name(event)];
}

nlohmann::ordered_json TaskLedger::stats(WallClock::time_point now) const {
  std::lock_guard lock(mutex_);
  struct Group {
    std::uint64_t created = 0, terminal = 0, never_fetched = 0;
    std::vector<double> requests, detection_s;
  };
  std::map<std::string, Group> by_model;
  Group overall;
  for (const auto& id : order_) {
    const auto& t = tasks_.at(id);
    const bool terminal = t.truth.finishes() && scale_.to_scenario(now - t.created) >= t.truth.terminal_at;
    for (Group* g : {&by_model[t.model->name], &overall}) {
      ++g->created;
      g->requests.push_back(t.requests);
      if (terminal) ++g->terminal;
      if (terminal && !t.detection && !t.delivered) ++g->never_fetched;
      if (t.detection) g->detection_s.push_back(seconds(*t.detection));
    }
  }
  auto group_json = [](const Group& g) {
    return nlohmann::ordered_json{{"tasks_created", g.created},
                                  {"tasks_terminal", g.terminal},
                                  {"tasks_never_fetched", g.never_fetched},
                                  {"requests_per_task", summary(g.requests)},
                                  {"detection_latency_s", summary(g.detection_s)}};
  };
  nlohmann::ordered_json out;
  out["time_scale"] = scale_.factor;
  out["status_requests"] = status_requests_;
  out["overall"] = group_json(overall);
  auto& models = out["models"] = nlohmann::ordered_json::object();
  for (const auto& [name, g] : by_model) models[name] = group_json(g);
  auto& faults = out["faults_injected"] = nlohmann::ordered_json::object();
  for (const char* kind : {"http_500", "http_503", "http_429", "connection_reset", "stall", "malformed_body"})
    faults[kind] = faults_.count(kind) ? faults_.at(kind) : 0;
  out["rate_limited"] = rate_limited_;
  auto& hooks = out["webhooks"] = nlohmann::ordered_json::object();
  for (auto e : {WebhookEvent::scheduled, WebhookEvent::lost, WebhookEvent::sent, WebhookEvent::delivered,
                 WebhookEvent::retried, WebhookEvent::duplicated, WebhookEvent::abandoned})
    hooks[event_name(e)] = webhooks_.count(event_name(e)) ? webhooks_.at(event_name(e)) : 0;
  return out;
}

}  // namespace pollbench::sim::server
