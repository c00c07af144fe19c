#include <catch2/catch.hpp>

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
