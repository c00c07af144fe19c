#include "sim/arrival.hpp"

#include <cmath>
#include <fmt/format.h>

#include "sim/input_error.hpp"
#include "sim/limits.hpp"

namespace pollbench::sim {

void check_arrival_span(const Arrival& arrival, std::uint64_t tasks) {
  if (arrival.kind != ArrivalKind::poisson) return;
  constexpr double most = limits::max_arrival_span_s;
  const double span = static_cast<double>(tasks) / arrival.rate_per_s;
  if (span <= most) return;
  throw InputError("arrival.rate_per_s",
                   fmt::format("{} tasks at {} per second would arrive over {:.3g} s, more than "
                               "{} s: it must be at least {} per second",
                               tasks, arrival.rate_per_s, span, most, static_cast<double>(tasks) / most));
}

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
