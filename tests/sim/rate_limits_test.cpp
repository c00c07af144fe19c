#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "sim/server/rate_limits.hpp"

using namespace pollbench;
using namespace std::chrono_literals;
using sim::server::RateLimits;
using sim::server::WallClock;

TEST_CASE("rate limits - a flood of new client names keeps only the buckets that are not refilled") {
  const auto t0 = WallClock::now();
  RateLimits limits({10, 10}, sim::server::TimeScale{1}, t0);  // 10 per second, bursts of 10: refilled in 0.1 s
  // A new name every millisecond for 100 s: 100,000 clients, each asking once.
  std::size_t most = 0;
  for (int i = 0; i < 100'000; ++i) {
    CHECK_FALSE(limits.refuse("key-a", fmt::format("client-{}", i), t0 + i * 1ms));
    most = std::max(most, limits.clients("key-a"));
  }
  // A bucket that took one token is full again 0.1 s later and is forgotten then.
  CHECK(most <= 101);
  CHECK(limits.clients("key-b") == 0);
}

TEST_CASE("rate limits - a forgotten bucket answers as the one it replaced would have") {
  const auto t0 = WallClock::now();
  RateLimits limits({0.5, 1}, sim::server::TimeScale{1}, t0);  // one request per 2 s
  CHECK_FALSE(limits.refuse("key-a", "a", t0));
  const auto refused = limits.refuse("key-a", "a", t0 + 1s);
  REQUIRE(refused);
  CHECK(refused->retry_after == 1s);
  CHECK_FALSE(refused->too_many_clients);
  CHECK_FALSE(limits.refuse("key-a", "b", t0 + 2s));  // a is full again here, and forgotten
  CHECK(limits.clients("key-a") == 1);
  CHECK_FALSE(limits.refuse("key-a", "a", t0 + 2s));
  CHECK(limits.refuse("key-a", "a", t0 + 2s));
}

TEST_CASE("rate limits - a key holds at most max_clients buckets - a new name waits for the oldest to refill") {
  const auto t0 = WallClock::now();
  RateLimits limits({1, 5}, sim::server::TimeScale{1}, t0, 3);  // refilled 5 s after a request
  for (const auto* name : {"a", "b", "c"}) CHECK_FALSE(limits.refuse("key-a", name, t0));
  const auto refused = limits.refuse("key-a", "d", t0 + 500ms);
  REQUIRE(refused);
  CHECK(refused->too_many_clients);
  CHECK(refused->retry_after == 1s);  // a is full half a second later
  CHECK(limits.clients("key-a") == 3);
  CHECK_FALSE(limits.refuse("key-a", "b", t0 + 500ms));  // known clients go on
  CHECK_FALSE(limits.refuse("key-b", "d", t0 + 500ms));  // and other keys
  CHECK_FALSE(limits.refuse("key-a", "d", t0 + 1s));     // a and c have refilled and are forgotten
  CHECK(limits.clients("key-a") == 2);                   // b and d
}
