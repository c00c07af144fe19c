#include "sim/server/task_ledger.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <numeric>

#include "sim/percentile.hpp"
#include "sim/status_service.hpp"

namespace pollbench::sim::server {

namespace {

constexpr std::pair<Reply, const char*> fault_kinds[] = {
    {Reply::http_500, "http_500"}, {Reply::http_503, "http_503"},
    {Reply::http_429, "http_429"}, {Reply::connection_reset, "connection_reset"},
    {Reply::timeout, "stall"},     {Reply::malformed_body, "malformed_body"},
};

constexpr const char* webhook_events[] = {"scheduled", "lost",       "sent",     "delivered",
                                          "retried",   "duplicated", "abandoned"};

// Mean and nearest-rank percentiles, as the simulator's metrics report them.
nlohmann::ordered_json summary(std::vector<double> xs) {
  if (xs.empty()) return {{"count", 0}};
  std::sort(xs.begin(), xs.end());
  const double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(xs.size());
  return {{"count", xs.size()},
          {"mean", mean},
          {"p50", nearest_rank(xs, 0.5)},
          {"p95", nearest_rank(xs, 0.95)},
          {"p99", nearest_rank(xs, 0.99)},
          {"max", xs.back()}};
}

}  // namespace

std::variant<const ServedTask*, Refusal> TaskLedger::create(const std::string& api_key, const ModelProfile& model,
                                                            std::string param, std::string callback_url,
                                                            WallClock::time_point now,
                                                            std::optional<std::uint64_t> index,
                                                            const std::string& series) {
  std::lock_guard lock(mutex_);
  auto& key = keys_[api_key];
  const std::pair slot{series, &model};
  const auto next = key.next_index.find(slot);
  const auto n = index.value_or(next == key.next_index.end() ? 0 : next->second);
  auto id =
      series.empty() ? fmt::format("{}-{:06d}", model.name, n) : fmt::format("{}-{:06d}-{}", model.name, n, series);
  if (key.by_id.contains(id)) return Refusal::exists;
  if (key.by_id.size() >= limits_.max_tasks_per_key) return Refusal::key_full;
  // The entry, its strings and its index node, roughly: what the task costs to keep.
  const auto cost = sizeof(Entry) + 2 * id.size() + api_key.size() + param.size() + callback_url.size() + 64;
  if (bytes_ + cost > limits_.max_bytes) return Refusal::journal_full;
  bytes_ += cost;
  key.by_id.emplace(id, entries_.size());
  auto& following = key.next_index[slot];
  following = std::max(following, n + 1);
  auto& entry =
      entries_.emplace_back(Entry{ServedTask{std::move(id), api_key, &model, n, draw_truth(model, scenario_.seed, n),
                                             now, std::move(param), std::move(callback_url)},
                                  FaultSchedule(model, scenario_.seed, n), 0, 0, std::nullopt, false});
  return &entry.task;
}

std::optional<std::vector<TaskLedger::Request>> TaskLedger::request(const std::vector<std::string>& ids,
                                                                    const std::string& api_key) {
  std::lock_guard lock(mutex_);
  const auto key = keys_.find(api_key);
  if (key == keys_.end()) return std::nullopt;
  std::vector<Entry*> named;
  for (const auto& id : ids) {
    const auto it = key->second.by_id.find(id);
    if (it == key->second.by_id.end()) return std::nullopt;
    named.push_back(&entries_[it->second]);
  }
  ++status_requests_;
  std::vector<Request> requests;
  for (Entry* e : named) {
    e->requests += 1.0 / static_cast<double>(ids.size());
    // Every named task's faults advance in order, though only the first's is the request's.
    requests.push_back({&e->task, e->attempts, e->faults.at(e->attempts)});
    ++e->attempts;
  }
  return requests;
}

void TaskLedger::shown_terminal(const ServedTask& task, Duration detection) {
  std::lock_guard lock(mutex_);
  auto& e = entry(task);
  if (!e.detection) e.detection = std::max(Duration{}, detection);
}

void TaskLedger::delivered(const ServedTask& task) {
  std::lock_guard lock(mutex_);
  entry(task).delivered = true;
}

void TaskLedger::fault(Reply reply) {
  std::lock_guard lock(mutex_);
  ++faults_[static_cast<std::size_t>(reply)];
}

void TaskLedger::rate_limited() {
  std::lock_guard lock(mutex_);
  ++rate_limited_;
}

void TaskLedger::webhook(WebhookEvent event) {
  std::lock_guard lock(mutex_);
  ++webhooks_[static_cast<std::size_t>(event)];
}

nlohmann::ordered_json TaskLedger::stats(WallClock::time_point now) const {
  std::lock_guard lock(mutex_);
  struct Group {
    std::uint64_t created = 0, terminal = 0, never_fetched = 0;
    std::vector<double> requests, detection_s;
  };
  std::map<std::string, Group> by_model;
  Group overall;
  for (const auto& e : entries_) {
    const auto& t = e.task;
    const bool terminal = t.truth.finishes() && scale_.to_scenario(now - t.created) >= t.truth.terminal_at;
    for (Group* g : {&by_model[t.model->name], &overall}) {
      ++g->created;
      g->requests.push_back(e.requests);
      if (terminal) ++g->terminal;
      if (terminal && !e.detection && !e.delivered) ++g->never_fetched;
      if (e.detection) g->detection_s.push_back(seconds(*e.detection));
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
  out["scenario"] = scenario_.name;
  out["seed"] = scenario_.seed;
  out["time_scale"] = scale_.factor();
  out["status_requests"] = status_requests_;
  out["overall"] = group_json(overall);
  auto& models = out["models"] = nlohmann::ordered_json::object();
  for (const auto& [name, g] : by_model) models[name] = group_json(g);
  auto& faults = out["faults_injected"] = nlohmann::ordered_json::object();
  for (const auto& [reply, name] : fault_kinds) faults[name] = faults_[static_cast<std::size_t>(reply)];
  out["rate_limited"] = rate_limited_;
  auto& hooks = out["webhooks"] = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < std::size(webhook_events); ++i) hooks[webhook_events[i]] = webhooks_[i];
  return out;
}

Census TaskLedger::census(WallClock::time_point now) const {
  std::lock_guard lock(mutex_);
  Census c;
  for (const auto& e : entries_)
    ++c.tasks[static_cast<std::size_t>(state_at(e.task.truth, scale_.to_scenario(now - e.task.created)))];
  c.webhooks = webhooks_;
  return c;
}

}  // namespace pollbench::sim::server
