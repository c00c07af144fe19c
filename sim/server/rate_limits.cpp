#include "sim/server/rate_limits.hpp"

#include <algorithm>
#include <cmath>

namespace pollbench::sim::server {

std::optional<RateRefusal> RateLimits::refuse(std::string_view key, std::string_view client,
                                              WallClock::time_point now) {
  if (limit_.requests_per_s <= 0) return std::nullopt;
  const Time at{scale_.to_scenario(now - started_)};
  std::lock_guard lock(mutex_);
  auto k = keys_.find(key);
  if (k == keys_.end()) k = keys_.emplace(std::string(key), KeyClients{}).first;
  auto& clients = k->second;
  // Full buckets are as good as new ones: forget them, oldest use first. Every bucket
  // used longer ago than burst / rate has refilled, so that bounds what a key holds.
  while (!clients.by_use.empty() && clients.by_use.front().bucket.full(at)) {
    clients.by_name.erase(clients.by_use.front().name);
    clients.by_use.pop_front();
  }
  auto found = clients.by_name.find(client);
  if (found != clients.by_name.end()) {
    clients.by_use.splice(clients.by_use.end(), clients.by_use, found->second);  // now the most recent
  } else {
    if (clients.by_use.size() >= max_clients_) {
      const double wait_s = seconds(clients.by_use.front().bucket.until_full(at));
      return RateRefusal{std::chrono::seconds{static_cast<long>(std::max(1.0, std::ceil(wait_s)))}, true};
    }
    auto& added = clients.by_use.emplace_back(Client{std::string(client), TokenBucket(limit_)});
    found = clients.by_name.emplace(added.name, std::prev(clients.by_use.end())).first;
  }
  if (const auto retry_after = found->second->bucket.refuse(at)) return RateRefusal{*retry_after};
  return std::nullopt;
}

std::size_t RateLimits::clients(std::string_view key) const {
  std::lock_guard lock(mutex_);
  const auto k = keys_.find(key);
  return k == keys_.end() ? 0 : k->second.by_use.size();
}

}  // namespace pollbench::sim::server
