#pragma once
// The callback URL of a live run: the mock server's own Beast front end (listener and
// sessions, with their deadlines and limits) on loopback, on the run's io_context. It
// accepts the server's signed webhook POSTs, refuses a bad or stale signature with 401,
// and hands the first copy of each task's callback on; later copies are answered 200
// and dropped, as a client that dedupes by task id does.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>

#include "sim/server/connections.hpp"
#include "sim/server/http_session.hpp"
#include "sim/server/serve_options.hpp"

namespace pollbench::bench::live {

struct Callback {
  std::string task_id;
  std::string state;  // as the payload's data.state says
  std::chrono::steady_clock::time_point arrived;
};

class WebhookReceiver final : sim::server::ApiHandler {
 public:
  struct Counts {
    std::uint64_t accepted = 0, duplicates = 0, rejected = 0;
  };

  // Listens on 127.0.0.1 at a free port; `deliver` runs on `io`'s thread. The io_context
  // must be destroyed first: connections still queued on it use the receiver until then.
  WebhookReceiver(boost::asio::io_context& io, std::string secret, std::function<void(Callback)> deliver);
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  std::string url() const;
  Counts counts() const { return counts_; }

 private:
  sim::server::ApiResponse handle(const sim::server::ApiRequest& request) override;
  void answered(const sim::server::Shown&) override {}

  std::string secret_;
  std::function<void(Callback)> deliver_;
  std::unordered_set<std::string> seen_;
  Counts counts_;
  sim::server::ServeOptions options_;  // the mock server's own deadlines and body limits
  sim::server::Connections connections_;
  sim::server::FrontEnd front_;
  int port_ = 0;
};

}  // namespace pollbench::bench::live
