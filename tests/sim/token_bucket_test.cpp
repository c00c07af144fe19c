#include <catch2/catch.hpp>

#include "sim/token_bucket.hpp"

using namespace pollbench::sim;
using namespace std::chrono_literals;

TEST_CASE("token bucket: a burst passes - then the refill rate - refusals carry a whole-second Retry-After") {
  TokenBucket bucket({2, 3});  // 2 per second, bursts of 3
  const Time t0{};
  for (int i = 0; i < 3; ++i) CHECK_FALSE(bucket.refuse(t0).has_value());
  const auto refused = bucket.refuse(t0);
  REQUIRE(refused.has_value());
  CHECK(*refused == 1s);  // half a second to the next token, rounded up
  CHECK_FALSE(bucket.refuse(t0 + 500ms).has_value());
  CHECK(bucket.refuse(t0 + 500ms).has_value());
  // Ten idle seconds refill only up to the burst.
  for (int i = 0; i < 3; ++i) CHECK_FALSE(bucket.refuse(t0 + 10s).has_value());
  CHECK(bucket.refuse(t0 + 10s).has_value());
}

TEST_CASE("token bucket: a request arriving with an earlier time than the last takes no tokens away") {
  TokenBucket bucket({2, 1});  // 2 per second, burst 1
  const Time t0{};
  CHECK_FALSE(bucket.refuse(t0 + 1s).has_value());
  CHECK(bucket.refuse(t0 + 900ms).has_value());         // raced in late: no token, and no debt
  CHECK_FALSE(bucket.refuse(t0 + 1500ms).has_value());  // half a second refills one token
}

TEST_CASE("token bucket: full once refilled to its burst, and how long until then") {
  TokenBucket bucket({2, 3});  // 2 per second, bursts of 3
  const Time t0{};
  CHECK(bucket.full(t0));
  CHECK(bucket.until_full(t0) == 0s);
  CHECK_FALSE(bucket.refuse(t0).has_value());
  CHECK_FALSE(bucket.full(t0));
  CHECK(bucket.until_full(t0) == 500ms);
  CHECK_FALSE(bucket.full(t0 + 499ms));
  CHECK(bucket.full(t0 + 500ms));
}
