#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "sim/fault_schedule.hpp"

using namespace pollbench::sim;

namespace {

ModelProfile faulty(double http_500, double http_429, double timeout) {
  ModelProfile m;
  m.name = "m";
  m.key = model_key("m");
  m.faults.http_500 = http_500;
  m.faults.http_429 = http_429;
  m.faults.timeout = timeout;
  return m;
}

}  // namespace

TEST_CASE("faults hit requests at their rates - independently of the attempt") {
  const auto m = faulty(0.05, 0.02, 0.01);
  constexpr int tasks = 4000, attempts = 50;
  std::map<Reply, int> seen;
  std::vector<int> by_attempt(attempts);
  for (int task = 0; task < tasks; ++task) {
    FaultSchedule faults(m, 3, static_cast<std::uint64_t>(task));
    for (int a = 0; a < attempts; ++a)
      if (const auto f = faults.at(static_cast<std::uint64_t>(a))) {
        ++seen[*f];
        ++by_attempt[static_cast<std::size_t>(a)];
      }
  }
  constexpr double n = double{tasks} * attempts;
  CHECK(seen[Reply::http_500] / n == Approx(0.05).margin(0.0015));
  CHECK(seen[Reply::http_429] / n == Approx(0.02).margin(0.001));
  CHECK(seen[Reply::timeout] / n == Approx(0.01).margin(0.0007));
  CHECK(seen.size() == 3);
  // The first request faults as often as the last: the gaps are geometric.
  CHECK(by_attempt.front() / double{tasks} == Approx(0.08).margin(0.015));
  CHECK(by_attempt.back() / double{tasks} == Approx(0.08).margin(0.015));
}

TEST_CASE("which requests fault is a function of the task alone - whatever attempts were asked about") {
  const auto m = faulty(0.2, 0.1, 0);
  for (std::uint64_t task = 0; task < 200; ++task) {
    FaultSchedule every(m, 9, task), some(m, 9, task);
    for (std::uint64_t a = 0; a < 60; ++a) {
      const auto f = every.at(a);
      if (a % 7 == 3) CHECK(some.at(a) == f);
    }
  }
}

TEST_CASE("no fault rate - no faults - and a rate of one - every request") {
  const auto calm = faulty(0, 0, 0), broken = faulty(0.5, 0.5, 0);
  FaultSchedule none(calm, 1, 1);
  for (std::uint64_t a = 0; a < 1000; ++a) REQUIRE_FALSE(none.at(a));
  FaultSchedule all(broken, 1, 1);
  for (std::uint64_t a = 0; a < 1000; ++a) REQUIRE(all.at(a));
}
