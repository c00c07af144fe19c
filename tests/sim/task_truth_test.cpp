#include <catch2/catch.hpp>
#include <random>
#include <vector>

#include "sim/task_truth.hpp"

using namespace pollbench::sim;

TEST_CASE("truths drawn a chunk at a time are the truths drawn one by one") {
  // Failures, hangs, a queue, and a gamma law of shape below 1, which draws more than one
  // Philox block holds: each task's stream runs past the block drawn ahead.
  ModelProfile m;
  m.name = "m";
  m.key = model_key("m");
  m.completion = Gamma{0.3, 20};
  m.queue = Exponential{2};
  m.failure.rate = 0.1;
  m.failure.time = LogNormal::from_median(5, 0.5);
  m.hang_rate = 0.05;
  // Chunks of every length around the 16 streams drawn at once, from odd first tasks.
  for (const std::size_t n : {0u, 1u, 15u, 16u, 17u, 37u, 300u}) {
    INFO(n);
    std::vector<TaskTruth> chunk(n);
    draw_truths(m, 11, 1000 + n, chunk);
    for (std::size_t k = 0; k < n; ++k) {
      const auto one = draw_truth(m, 11, 1000 + n + k);
      REQUIRE(chunk[k].outcome == one.outcome);
      REQUIRE(chunk[k].generating_at == one.generating_at);
      REQUIRE(chunk[k].terminal_at == one.terminal_at);
    }
  }
}

TEST_CASE("a drawn time rounds to the microsecond as chrono::round does: half to even") {
  using std::chrono::round;
  CHECK(to_duration(Seconds{0.0000005}) == Duration{0});
  CHECK(to_duration(Seconds{0.0000015}) == Duration{2});
  CHECK(to_duration(Seconds{-0.0000025}) == Duration{-2});
  CHECK(to_duration(Seconds{0.1}) == Duration{100000});
  // Random values over 80 binary orders of magnitude, both signs, and the edges of the
  // fast path (2^51 microseconds) and of the clamp (4e12 s).
  std::mt19937_64 bits(7);
  std::vector<double> values{0x1p51 / 1e6, std::nextafter(0x1p51 / 1e6, 0.0), 0x1p52 / 1e6, 0x1p53 / 1e6, 4e12, 5e12};
  for (int i = 0; i < 200000; ++i) {
    const double v =
        std::ldexp(static_cast<double>(bits() >> 11), -53) * std::ldexp(1.0, static_cast<int>(bits() % 80) - 40);
    values.push_back(v);
    values.push_back(-v);
  }
  for (const double v : values) {
    INFO(v);
    REQUIRE(to_duration(Seconds{v}) == round<Duration>(Seconds{std::min(v, 4e12)}));
  }
}
