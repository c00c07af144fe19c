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

ArrivalTimes::ArrivalTimes(const Arrival& arrival, std::uint64_t seed, std::uint64_t model, std::uint64_t tasks)
    : arrival_(arrival), seed_(seed), model_(model) {
  if (arrival.kind != ArrivalKind::poisson) return;
  poisson_clock_s_.reserve(tasks / checkpoint_every + 1);
  double clock_s = 0;
  for (std::uint64_t i = 0; i < tasks; ++i) {
    if (i % checkpoint_every == 0) poisson_clock_s_.push_back(clock_s);
    clock_s += poisson_gap_s(i);
  }
}

Time ArrivalTimes::at(std::uint64_t task) const {
  switch (arrival_.kind) {
    case ArrivalKind::all_at_once:
      break;
    case ArrivalKind::window:
      return Time{
          from_seconds(RandomStream({seed_, model_, task, Purpose::arrival, 0}).uniform() * seconds(arrival_.window))};
    case ArrivalKind::poisson: {
      // Summed in the order the clock ran, so every task's time is the same double.
      double clock_s = poisson_clock_s_[task / checkpoint_every];
      for (auto i = task - task % checkpoint_every; i <= task; ++i) clock_s += poisson_gap_s(i);
      return Time{from_seconds(clock_s)};
    }
  }
  return Time{};
}

double ArrivalTimes::poisson_gap_s(std::uint64_t task) const {
  return -std::log(RandomStream({seed_, model_, task, Purpose::arrival, 0}).uniform()) / arrival_.rate_per_s;
}

}  // namespace pollbench::sim
