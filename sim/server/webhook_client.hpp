#pragma once
// Delivers callback tasks' terminal payloads from the server's event loop: each delivery
// waits on a timer until it is due, is posted (webhook_post.hpp), and after a non-2xx
// answer or a failed connection is retried on a timer with doubling delays. Its state is
// touched only by handlers on its event loop, which one thread runs: no strand.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <list>
#include <memory>

#include "sim/server/task_ledger.hpp"
#include "sim/server/time_scale.hpp"
#include "sim/server/webhook_post.hpp"

namespace pollbench::sim::server {

class WebhookClient : public std::enable_shared_from_this<WebhookClient> {
 public:
  // Tries per delivery, and the first retry's delay in scenario time (then doubling).
  static constexpr std::uint32_t max_attempts = 5;
  static constexpr Duration first_retry = std::chrono::seconds{1};

  WebhookClient(boost::asio::io_context& io, TimeScale scale, TaskLedger& ledger);

  // Safe from any thread.
  void schedule(Delivery delivery, WallClock::time_point due);
  // Drops the deliveries not yet due; tries in flight finish. Safe from any thread.
  void stop();

 private:
  void wait(Delivery delivery, WallClock::time_point due);
  void post(Delivery delivery);
  void finished(Delivery delivery, bool delivered);

  boost::asio::io_context& io_;
  TimeScale scale_;
  TaskLedger& ledger_;
  std::list<boost::asio::steady_timer> waiting_;
  bool stopping_ = false;
};

}  // namespace pollbench::sim::server
