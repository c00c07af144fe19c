#pragma once
// The mock server's own measurements for GET /metrics, in Prometheus's text format:
// requests by route and status and their durations, counted by every thread of the
// event loop with relaxed atomics (no lock on the request path), and the gauges read
// when scraped (open connections, tasks by state, webhooks).

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "sim/server/routes.hpp"
#include "sim/server/task_ledger.hpp"
#include "sim/server/time_scale.hpp"

namespace pollbench::sim::server {

class ServerMetrics {
 public:
  // The status label of an answer played out as a TCP reset: it has no HTTP status.
  static constexpr int reset_status = 0;
  // Upper bounds of the duration histogram's buckets, +Inf aside: from an answer with no
  // injected latency (tens of microseconds) to a stall of twice a 30-s client timeout.
  static constexpr std::array<std::chrono::microseconds, 18> bucket_bounds{
      std::chrono::microseconds{100}, std::chrono::microseconds{250},  std::chrono::microseconds{500},
      std::chrono::milliseconds{1},   std::chrono::microseconds{2500}, std::chrono::milliseconds{5},
      std::chrono::milliseconds{10},  std::chrono::milliseconds{25},   std::chrono::milliseconds{50},
      std::chrono::milliseconds{100}, std::chrono::milliseconds{250},  std::chrono::milliseconds{500},
      std::chrono::seconds{1},        std::chrono::milliseconds{2500}, std::chrono::seconds{5},
      std::chrono::seconds{10},       std::chrono::seconds{30},        std::chrono::seconds{60}};

  // One request whose answer starts out, or whose connection is reset, `took` after the
  // request was read (or refused). Safe from any thread.
  void observe(Endpoint endpoint, int status, WallClock::duration took);

  // What the server knows only when asked.
  struct Gauges {
    std::size_t open_connections = 0;
    Census census;
  };
  // The exposition: HELP and TYPE for every metric, then its samples.
  std::string text(const Gauges& gauges) const;

 private:
  using Counter = std::atomic<std::uint64_t>;
  struct PerRoute {
    std::array<Counter, 600> by_status{};                     // by HTTP status; reset_status at 0
    std::array<Counter, bucket_bounds.size() + 1> buckets{};  // not cumulative; the last is +Inf
    Counter sum_ns{0};
  };
  void requests_text(std::string& out) const;
  void durations_text(std::string& out) const;

  std::array<PerRoute, endpoint_count> routes_{};
};

}  // namespace pollbench::sim::server
