#pragma once
// A per-key rate limit as servers apply it: a bucket of `burst` tokens refilled at
// `rate` per second; a request without a token is refused with 429 and a Retry-After
// in whole seconds, as the header carries it.

#include <algorithm>
#include <cmath>
#include <optional>

#include "sim/time.hpp"

namespace pollbench::sim {

struct RateLimit {
  double requests_per_s = 0;  // 0: no limit
  double burst = 1;
};

class TokenBucket {
 public:
  explicit TokenBucket(RateLimit limit) : limit_(limit), tokens_(limit.burst) {}

  // Takes a token for a request arriving at `at`; when none is left, returns the
  // Retry-After to answer with instead.
  std::optional<Duration> refuse(Time at) {
    const double now = seconds(at.time_since_epoch());
    // A request that raced another to the bucket may bring an earlier time: it refills nothing.
    tokens_ = std::min(limit_.burst, tokens_ + std::max(0.0, now - last_s_) * limit_.requests_per_s);
    last_s_ = std::max(last_s_, now);
    if (tokens_ >= 1) {
      tokens_ -= 1;
      return std::nullopt;
    }
    return std::chrono::seconds{static_cast<long>(std::max(1.0, std::ceil((1 - tokens_) / limit_.requests_per_s)))};
  }

  // Whether the bucket has refilled to its burst by `at`: from then on it answers
  // exactly as a new bucket would, so a table of buckets may forget it.
  bool full(Time at) const { return refilled(at) >= limit_.burst; }
  // How long until it is full, from `at`.
  Duration until_full(Time at) const {
    return from_seconds(std::max(0.0, limit_.burst - refilled(at)) / limit_.requests_per_s);
  }

 private:
  double refilled(Time at) const {
    return tokens_ + std::max(0.0, seconds(at.time_since_epoch()) - last_s_) * limit_.requests_per_s;
  }

  RateLimit limit_;
  double tokens_;
  double last_s_ = 0;
};

}  // namespace pollbench::sim
