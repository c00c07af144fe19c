#pragma once
// The callback URL of a live run: an HTTP server on loopback that accepts the mock
// server's signed webhook POSTs, refuses a bad or stale signature with 401, and hands the
// first copy of each task's callback to the event loop; later copies are answered 200
// and dropped, as a client that dedupes by task id does.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "bench/live/event_loop.hpp"

namespace pollbench::bench::live {

struct Callback {
  std::string task_id;
  std::string state;  // as the payload's data.state says
  Clock::time_point arrived;
};

class WebhookReceiver {
 public:
  struct Counts {
    std::uint64_t accepted = 0, duplicates = 0, rejected = 0;
  };

  // Listens on 127.0.0.1 at a free port; `deliver` runs on `loop`.
  WebhookReceiver(EventLoop& loop, std::string secret, std::function<void(Callback)> deliver);
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  std::string url() const;
  Counts counts() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pollbench::bench::live
