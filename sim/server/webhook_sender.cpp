#include "sim/server/webhook_sender.hpp"

#include <httplib.h>


#include "sim/server/hmac.hpp"

namespace pollbench::sim::server {

WebhookSender::WebhookSender(TimeScale scale, TaskLedger& ledger, std::size_t threads) : scale_(scale), ledger_(ledger) {
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

WebhookSender::~WebhookSender() { stop(); }

void WebhookSender::schedule(Delivery delivery, WallClock::time_point due) {
  {
    std::lock_guard lock(mutex_);
    queue_.push({due, sequence_++, std::move(delivery)});
  }
  changed_.notify_one();
}

void WebhookSender::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  changed_.notify_all();
  for (auto& t : threads_) t.join();
}

void WebhookSender::work() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (queue_.empty()) {
      changed_.wait(lock);
      continue;
    }
    if (WallClock::now() < queue_.top().at) {
      changed_.wait_until(lock, queue_.top().at);
      continue;
    }
    Delivery d = queue_.top().delivery;
    queue_.pop();
    lock.unlock();
    const bool ok = send(d);
    ledger_.webhook(WebhookEvent::sent);
    if (ok) {
      ledger_.webhook(WebhookEvent::delivered);
      ledger_.delivered(d.task_id);
    } else if (d.attempt + 1 < max_attempts) {
      ledger_.webhook(WebhookEvent::retried);
      const auto due = WallClock::now() + scale_.to_wall(first_retry * (1u << d.attempt));
      ++d.attempt;
      schedule(std::move(d), due);
    } else {
      ledger_.webhook(WebhookEvent::abandoned);
    }
    lock.lock();
  }
}

bool WebhookSender::send(const Delivery& d) {
  httplib::Client client(d.host, d.port);
  client.set_connection_timeout(std::chrono::seconds{2});
  client.set_read_timeout(std::chrono::seconds{5});
  const auto timestamp = std::to_string(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  const httplib::Headers headers = {{"X-Pollbench-Timestamp", timestamp},
                                    {"X-Pollbench-Signature", webhook_signature(d.secret, timestamp, d.body)},
                                    {"X-Pollbench-Task", d.task_id},
                                    {"X-Pollbench-Attempt", std::to_string(d.attempt + 1)}};
  const auto result = client.Post(d.path, headers, d.body, "application/json");
  return result && result->status >= 200 && result->status < 300;
}

}  // namespace pollbench::sim::server
