#pragma once
// The scenario's rate limit, played in scaled wall time: one token bucket per key, and
// within a key per X-Pollbench-Client, so that one key can stand for many clients.
// Memory stays bounded whatever client names arrive: a bucket that has refilled to its
// burst answers as a new one would, so it is forgotten (least recently used first); and
// a key holds at most `max_clients` buckets, a new client beyond them being refused
// until the oldest has refilled.

#include <cstddef>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "sim/server/time_scale.hpp"
#include "sim/token_bucket.hpp"

namespace pollbench::sim::server {

struct RateRefusal {
  Duration retry_after;           // scenario time
  bool too_many_clients = false;  // the key holds max_clients buckets, none of them full
};

class RateLimits {
 public:
  RateLimits(RateLimit limit, TimeScale scale, WallClock::time_point started, std::size_t max_clients = 10'000)
      : limit_(limit), scale_(scale), started_(started), max_clients_(max_clients) {}

  // Why a request must wait, with the Retry-After to answer; nullopt when it may pass.
  std::optional<RateRefusal> refuse(std::string_view key, std::string_view client, WallClock::time_point now);
  // The buckets the key holds now.
  std::size_t clients(std::string_view key) const;

 private:
  struct Client {
    std::string name;
    TokenBucket bucket;
  };
  // One key's buckets, least recently used first, and how a client's name finds its own.
  struct KeyClients {
    std::list<Client> by_use;
    std::unordered_map<std::string_view, std::list<Client>::iterator> by_name;  // views of the names in by_use
  };

  const RateLimit limit_;
  const TimeScale scale_;
  const WallClock::time_point started_;
  const std::size_t max_clients_;
  mutable std::mutex mutex_;
  std::map<std::string, KeyClients, std::less<>> keys_;
};

}  // namespace pollbench::sim::server
