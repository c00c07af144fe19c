#include "sim/arrival.hpp"

#include <cmath>

namespace pollbench::sim {

std::vector<Time> arrival_times(const Arrival& arrival, std::uint64_t seed, std::uint64_t model, std::uint64_t tasks) {
  std::vector<Time> times(tasks, Time{});
  double poisson_clock_s = 0;
  for (std::uint64_t i = 0; i < tasks; ++i) {
    RandomStream random({seed, model, i, Purpose::arrival, 0});
    switch (arrival.kind) {
      case ArrivalKind::all_at_once:
        break;
      case ArrivalKind::window:
        times[i] = Time{from_seconds(random.uniform() * seconds(arrival.window))};
        break;
      case ArrivalKind::poisson:
        poisson_clock_s += -std::log(random.uniform()) / arrival.rate_per_s;
        times[i] = Time{from_seconds(poisson_clock_s)};
        break;
    }
  }
  return times;
}

}  // namespace pollbench::sim
