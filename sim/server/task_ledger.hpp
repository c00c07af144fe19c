#pragma once
// The mock server's journal: every task it created, every status request and what it
// answered, faults by kind and webhooks by fate. It measures whatever client talks to
// the server, in any language, from the server's side (GET /admin/stats, --report).

#include <cstdint>
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

struct ServedTask {
  std::string id;
  std::string api_key;
  const ModelProfile* model = nullptr;
  std::uint64_t index = 0;  // the model's n-th task: its truth and streams are the simulator's task n
  TaskTruth truth;
  WallClock::time_point created;
  nlohmann::json input;
  std::string callback_url;  // empty for an async task
  std::uint32_t attempts = 0;  // status requests that named it
  double requests = 0;         // its share of them: 1 each, 1/n of a batch of n
  std::optional<Duration> detection;  // terminal moment to the end of the first answer showing it
  bool delivered = false;             // a webhook reached its callback
};

enum class WebhookEvent { scheduled, lost, sent, delivered, retried, duplicated, abandoned };

class TaskLedger {
 public:
  TaskLedger(const Scenario& scenario, TimeScale scale) : scenario_(scenario), scale_(scale) {}

  ServedTask create(const std::string& api_key, const ModelProfile& model, nlohmann::json input,
                    std::string callback_url, WallClock::time_point now);
  // Counts a status request on the task and returns it with the request's attempt number;
  // nothing when the task does not exist for this key.
  std::optional<std::pair<ServedTask, std::uint32_t>> request(const std::string& id, const std::string& api_key,
                                                              double share);
  bool owns(const std::string& id, const std::string& api_key) const;
  void status_request();
  void shown_terminal(const std::string& id, Duration detection);
  void delivered(const std::string& id);
  void fault(Reply reply);
  void rate_limited();
  void webhook(WebhookEvent event);

  nlohmann::ordered_json stats(WallClock::time_point now) const;

 private:
  const Scenario& scenario_;
  TimeScale scale_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, ServedTask> tasks_;
  std::vector<std::string> order_;  // ids by creation, for stable reports
  std::map<std::string, std::uint64_t> next_index_;
  std::uint64_t status_requests_ = 0;
  std::uint64_t rate_limited_ = 0;
  std::map<std::string, std::uint64_t> faults_;
  std::map<std::string, std::uint64_t> webhooks_;
};

}  // namespace pollbench::sim::server
