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
#include <variant>
#include <vector>

#include "sim/reply.hpp"
#include "sim/scenario.hpp"
#include "sim/server/time_scale.hpp"
#include "sim/fault_schedule.hpp"
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

// What the journal may hold; a full journal refuses new tasks and keeps every old one,
// so that what it measured stays whole.
struct JournalLimits {
  std::size_t max_tasks_per_key = 1'000'000;
  std::size_t max_bytes = std::size_t{256} << 20;  // tasks' bytes, as journal_bytes() counts them
};

enum class Refusal { exists, key_full, journal_full };

// What GET /metrics reads of the journal: tasks by the state a status request would show
// now, and webhooks by event (as /admin/stats counts them).
struct Census {
  std::array<std::uint64_t, 4> tasks{};     // by Reply: waiting, generating, success, failed
  std::array<std::uint64_t, 7> webhooks{};  // by WebhookEvent
};

class TaskLedger {
 public:
  TaskLedger(const Scenario& scenario, TimeScale scale, JournalLimits limits = {})
      : scenario_(scenario), scale_(scale), limits_(limits) {}

  // The next task of the model within the key's `series`, or, with `index`, the
  // scenario's task `index` of the model (so a client can replay exactly the simulator's
  // tasks). Ids are "{model}-{index:06}", then "-{series}" if any, numbered per key: no
  // key sees another's tasks, not even whether they exist.
  std::variant<const ServedTask*, Refusal> create(const std::string& api_key, const ModelProfile& model,
                                                  std::string param, std::string callback_url,
                                                  WallClock::time_point now,
                                                  std::optional<std::uint64_t> index = std::nullopt,
                                                  const std::string& series = "");

  struct Request {
    const ServedTask* task;
    std::uint32_t attempt;       // how many status requests named the task before this one
    std::optional<Reply> fault;  // injected into this one, if it leads the request
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
  Census census(WallClock::time_point now) const;

 private:
  struct Entry {
    ServedTask task;
    FaultSchedule faults;
    std::uint32_t attempts = 0;
    double requests = 0;                // 1 per request, 1/n of a batch of n
    std::optional<Duration> detection;  // terminal moment to the end of the first answer showing it
    bool delivered = false;             // a webhook reached its callback
  };
  // One key's tasks: how its ids find them, and each series' next task of each model.
  struct KeyTasks {
    std::unordered_map<std::string, std::size_t> by_id;
    std::map<std::pair<std::string, const ModelProfile*>, std::uint64_t> next_index;
  };
  Entry& entry(const ServedTask& task) { return entries_[keys_.at(task.api_key).by_id.at(task.id)]; }

  const Scenario& scenario_;
  TimeScale scale_;
  JournalLimits limits_;
  mutable std::mutex mutex_;
  std::deque<Entry> entries_;                       // in creation order; a deque keeps their addresses
  std::unordered_map<std::string, KeyTasks> keys_;  // by API key
  std::size_t bytes_ = 0;
  std::uint64_t status_requests_ = 0;
  std::uint64_t rate_limited_ = 0;
  std::array<std::uint64_t, 10> faults_{};   // by Reply
  std::array<std::uint64_t, 7> webhooks_{};  // by WebhookEvent
};

}  // namespace pollbench::sim::server
