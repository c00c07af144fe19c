#include <catch2/catch.hpp>
#include <cmath>

#include "sim/arrival.hpp"

using namespace pollbench::sim;

TEST_CASE("poisson arrivals from checkpoints are the running sum - the same doubles in any order") {
  const Arrival poisson{ArrivalKind::poisson, {}, 2.0};
  constexpr std::uint64_t tasks = 1000;
  const ArrivalTimes times(poisson, 7, 11, tasks);
  double clock_s = 0;
  std::vector<Time> running;
  for (std::uint64_t i = 0; i < tasks; ++i) {
    clock_s += -std::log(RandomStream({7, 11, i, Purpose::arrival, 0}).uniform()) / 2.0;
    running.push_back(Time{from_seconds(clock_s)});
  }
  for (std::uint64_t i = tasks; i-- > 0;) REQUIRE(times.at(i) == running[i]);
  CHECK(seconds(running.back().time_since_epoch()) == Approx(500).epsilon(0.1));
}

TEST_CASE("window arrivals lie in the window - all at once is time zero") {
  const ArrivalTimes window({ArrivalKind::window, std::chrono::seconds{600}, 0}, 7, 11, 5000);
  double sum_s = 0;
  for (std::uint64_t i = 0; i < 5000; ++i) {
    const auto t = seconds(window.at(i).time_since_epoch());
    REQUIRE(t >= 0);
    REQUIRE(t < 600);
    sum_s += t;
  }
  CHECK(sum_s / 5000 == Approx(300).epsilon(0.03));
  CHECK(ArrivalTimes({ArrivalKind::all_at_once, {}, 0}, 7, 11, 10).at(9) == Time{});
}
