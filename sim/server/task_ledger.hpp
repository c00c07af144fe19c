#pragma once
// The mock server's journal: every task it created, every status request and what it
// answered, faults by kind and webhooks by fate. It measures whatever client talks to
// the server, in any language, from the server's side (GET /admin/stats, --report).

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/reply.hpp"
#include "sim/scenario.hpp"
#include "sim/server/time_scale.hpp"
#include "sim/task_truth.hpp"

namespace pollbench::sim::server {

// What a task is; fixed at creation, so handlers read it without the ledger's lock.
struct ServedTask {
  std::string id;
  std::string api_key;
  const ModelProfile* model = nullptr;
  std::uint64_t index = 0;  // the model's n-th task: its truth and streams are the simulator's task n
  TaskTruth truth;
  WallClock::time_point created;
  std::string param;         // the input object, as the status record returns it
  std::string callback_url;  // empty for an async task
};

enum class WebhookEvent { scheduled, lost, sent, delivered, retried, duplicated, abandoned };

class TaskLedger {
 public:
  TaskLedger(const Scenario& scenario, TimeScale scale) : scenario_(scenario), scale_(scale) {}

  // The next task of the model within `series`, or, with `index`, the scenario's task
  // `index` of the model (so a client can replay exactly the simulator's tasks); nullptr
  // when that task already exists. Ids are "{model}-{index:06}", then "-{series}" if any.
  const ServedTask* create(const std::string& api_key, const ModelProfile& model, std::string param,
                           std::string callback_url, WallClock::time_point now,
                           std::optional<std::uint64_t> index = std::nullopt, const std::string& series = "");

  struct Request {
    const ServedTask* task;
    std::uint32_t attempt;  // how many status requests named the task before this one
  };
  // Counts one status request naming these tasks, each charged 1/n of it; nothing, and
  // nothing counted, when one of them does not exist for this key.
  std::optional<std::vector<Request>> request(const std::vector<std::string>& ids, const std::string& api_key);
  void shown_terminal(const ServedTask& task, Duration detection);
  void delivered(const ServedTask& task);
  void fault(Reply reply);
  void rate_limited();
  void webhook(WebhookEvent event);

  nlohmann::ordered_json stats(WallClock::time_point now) const;

 private:
  struct Entry {
    ServedTask task;
    std::uint32_t attempts = 0;
    double requests = 0;  // 1 per request, 1/n of a batch of n
    std::optional<Duration> detection;  // terminal moment to the end of the first answer showing it
    bool delivered = false;             // a webhook reached its callback
  };
  Entry& entry(const std::string& id) { return entries_[by_id_.at(id)]; }

  const Scenario& scenario_;
  TimeScale scale_;
  mutable std::mutex mutex_;
  std::deque<Entry> entries_;  // in creation order; a deque keeps their addresses
  std::unordered_map<std::string, std::size_t> by_id_;
  std::map<std::pair<std::string, const ModelProfile*>, std::uint64_t> next_index_;  // by series and model
  std::uint64_t status_requests_ = 0;
  std::uint64_t rate_limited_ = 0;
  std::array<std::uint64_t, 10> faults_{};  // by Reply
  std::array<std::uint64_t, 7> webhooks_{};  // by WebhookEvent
};

}  // namespace pollbench::sim::server
