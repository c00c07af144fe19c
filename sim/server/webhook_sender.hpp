#pragma once
// Delivers callback tasks' terminal payloads: each POST signed (hmac.hpp), retried with
// backoff on a non-2xx answer or a failed connection, on a few threads of its own so a
// slow receiver never holds a status request.

#include <condition_variable>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

#include "sim/server/task_ledger.hpp"
#include "sim/server/time_scale.hpp"

namespace pollbench::sim::server {

struct Delivery {
  std::string task_id;
  // Checked when the task was created. Host and port, not a URL: httplib's URL parsing
  // compiles a function-local regex, which sender threads would race to build.
  std::string host;
  int port = 80;
  std::string path;
  std::string body;
  std::string secret;  // the key's webhook secret
  std::uint32_t attempt = 0;
  bool duplicate = false;  // the scenario's injected second copy
};

class WebhookSender {
 public:
  // Tries per delivery, and the first retry's delay in scenario time (then doubling).
  static constexpr std::uint32_t max_attempts = 5;
  static constexpr Duration first_retry = std::chrono::seconds{1};

  WebhookSender(TimeScale scale, TaskLedger& ledger, std::size_t threads = 2);
  ~WebhookSender();

  void schedule(Delivery delivery, WallClock::time_point due);
  void stop();

 private:
  struct Due {
    WallClock::time_point at;
    std::uint64_t sequence;  // ties in order of scheduling
    Delivery delivery;
    bool operator>(const Due& o) const { return at != o.at ? at > o.at : sequence > o.sequence; }
  };
  void work();
  bool send(const Delivery& d);

  TimeScale scale_;
  TaskLedger& ledger_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> queue_;
  std::uint64_t sequence_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace pollbench::sim::server
