#include <catch2/catch.hpp>

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/event_queue.hpp"

using namespace pollbench::sim;

TEST_CASE("events come out by time - and in scheduling order at equal times") {
  EventQueue<int> q;
  q.schedule(Time{Duration{30}}, 1);
  q.schedule(Time{Duration{10}}, 2);
  q.schedule(Time{Duration{30}}, 3);
  q.schedule(Time{Duration{10}}, 4);
  q.schedule(Time{Duration{20}}, 5);
  std::vector<int> order;
  while (!q.empty()) order.push_back(q.pop().event);
  CHECK(order == std::vector<int>{2, 4, 5, 1, 3});
}

TEST_CASE("events scheduled all at once come out as if scheduled one by one, between pops") {
  // A round's answers at times with many ties, scheduled together while single events
  // and an earlier run are still queued: the order must be that of the plain heap.
  EventQueue<int> together, one_by_one;
  std::vector<std::pair<Time, int>> batch;
  std::vector<int> got, want;
  std::uint64_t x = 12345;
  const auto next = [&x](std::uint64_t n) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return (x >> 33) % n;
  };
  const auto pop_both = [&] {
    REQUIRE_FALSE(together.empty());
    got.push_back(together.pop().event);
    want.push_back(one_by_one.pop().event);
  };
  int label = 0;
  for (int step = 0; step < 2000; ++step) {
    switch (next(4)) {
      case 0: {
        const Time at{Duration{static_cast<Duration::rep>(next(50))}};
        together.schedule(at, label);
        one_by_one.schedule(at, label++);
        break;
      }
      case 1:
        // Up to 100 at once: past the 16 that std::sort orders by a stable insertion sort.
        for (auto k = next(100); k > 0; --k) {
          const Time at{Duration{static_cast<Duration::rep>(next(50))}};
          batch.emplace_back(at, label);
          one_by_one.schedule(at, label++);
        }
        together.schedule_all(batch);
        CHECK(batch.empty());
        break;
      default:
        if (!one_by_one.empty()) pop_both();
    }
  }
  while (!one_by_one.empty()) pop_both();
  CHECK(together.empty());
  CHECK(got.size() > 1000);
  CHECK(got == want);
}
