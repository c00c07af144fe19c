#pragma once
// The scenario's rate limit, played in scaled wall time: one token bucket per key, and
// within a key per X-Pollbench-Client, so that one key can stand for many clients.

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "sim/server/time_scale.hpp"
#include "sim/token_bucket.hpp"

namespace pollbench::sim::server {

class RateLimits {
 public:
  RateLimits(RateLimit limit, TimeScale scale, WallClock::time_point started)
      : limit_(limit), scale_(scale), started_(started) {}

  // The Retry-After (scenario time) for a request over the limit; nullopt when it may pass.
  std::optional<Duration> refuse(std::string_view key, std::string_view client, WallClock::time_point now);

 private:
  const RateLimit limit_;
  const TimeScale scale_;
  const WallClock::time_point started_;
  std::mutex mutex_;
  std::map<std::string, TokenBucket, std::less<>> buckets_;
};

}  // namespace pollbench::sim::server
