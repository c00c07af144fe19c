#include "sim/server/rate_limits.hpp"

namespace pollbench::sim::server {

std::optional<Duration> RateLimits::refuse(std::string_view key, std::string_view client, WallClock::time_point now) {
  if (limit_.requests_per_s <= 0) return std::nullopt;
  std::string name;
  name.append(key).append("\n").append(client);
  std::lock_guard lock(mutex_);
  auto& bucket = buckets_.try_emplace(std::move(name), limit_).first->second;
  return bucket.refuse(Time{scale_.to_scenario(now - started_)});
}

}  // namespace pollbench::sim::server
