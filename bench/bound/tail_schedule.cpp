#include "bench/bound/tail_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace pollbench::bench {

namespace {

constexpr int steps_per_delay = 16;
// The grid's points at most: a deadline over 1,499 delays long is refused.
constexpr std::size_t most_points = 1500;

// The grid, F on it, and F a delay earlier: a task finishing before s_j - d and detected
// at s_j is late.
struct TailGrid {
  std::vector<double> s, cdf, cdf_delay_earlier;
  double finished = 0;

  TailGrid(const CompletionLaw& law, double tau, double d) {
    // A whole number of steps to the delay: polls exactly the delay apart, the pattern of
    // a schedule with nothing late, lie on the grid.
    const double per_delay =
        std::floor(std::min<double>(steps_per_delay, d * static_cast<double>(most_points - 1) / tau));
    const double step = d / per_delay;  // tail_optimal refuses a delay too short for one step
    const auto n = static_cast<std::size_t>(std::ceil(tau / step)) + 1;
    for (std::size_t i = 0; i < n; ++i) s.push_back(std::min(tau, step * static_cast<double>(i)));
    for (double t : s) {
      cdf.push_back(law.cdf(t));
      cdf_delay_earlier.push_back(t > d ? law.cdf(t - d) : 0.0);
    }
    finished = cdf.back();
  }

  // Late mass of the tasks finishing between polls at s_i and s_j.
  double late(std::size_t i, std::size_t j) const { return std::max(0.0, cdf_delay_earlier[j] - cdf[i]); }
};

// The late mass allowed, in whole units; each step's late mass is rounded up to units, so
// every schedule found keeps to the limit (and may leave up to a unit a step unused).
constexpr int budget_units = 100;

}  // namespace

std::optional<TailSchedule> tail_optimal(const CompletionLaw& law, sim::Seconds deadline, TailLimit limit) {
  const double tau = deadline.count(), d = limit.delay.count();
  if (!(d > 0) || !(tau > d) || tau > d * static_cast<double>(most_points - 1) || !(limit.share > 0 && limit.share < 1))
    return std::nullopt;
  const TailGrid g(law, tau, d);
  if (!(g.finished > 0)) return std::nullopt;
  const double unit = limit.share * g.finished / budget_units;
  // best[i][b]: the fewest requests from a poll at s_i (or the start, i = 0) to the
  // deadline with b units of late mass left. The limit is met as stated, not priced: its
  // optimum need not lie on the convex hull a Lagrangian sweep reaches. The poll after
  // each is found again on the way forward, which keeps the inner loop a plain minimum.
  const auto m = g.s.size();
  constexpr auto width = static_cast<std::size_t>(budget_units) + 1;
  const auto units = [&](std::size_t i, std::size_t j) {
    return static_cast<std::size_t>(std::ceil(g.late(i, j) / unit - 1e-9));
  };
  std::vector<double> best(m * width, INFINITY);
  std::fill_n(best.begin() + static_cast<std::ptrdiff_t>((m - 1) * width), width, 0.0);
  for (std::size_t i = m - 1; i-- > 0;) {
    const double request = i == 0 ? 1.0 : 1.0 - g.cdf[i];
    double* here = &best[i * width];
    for (std::size_t j = i + 1; j < m; ++j) {
      const auto cost = units(i, j);
      if (cost >= width) break;  // late mass only grows with j
      const double* there = &best[j * width];
      for (std::size_t b = cost; b < width; ++b) here[b] = std::min(here[b], request + there[b - cost]);
    }
  }
  if (!std::isfinite(best[width - 1])) return std::nullopt;  // no schedule keeps to the limit
  TailSchedule out;
  out.requests = best[width - 1];
  double late = 0;
  for (std::size_t i = 0, b = width - 1; i != m - 1;) {
    const double request = i == 0 ? 1.0 : 1.0 - g.cdf[i];
    // The same sum as the minimum was taken over, so one j gives it exactly.
    std::size_t j = i + 1;
    while (j < m && (units(i, j) > b || request + best[j * width + b - units(i, j)] != best[i * width + b])) ++j;
    if (j == m) return std::nullopt;
    late += g.late(i, j);
    b -= units(i, j);
    out.polls.emplace_back(g.s[j]);
    i = j;
  }
  out.late_share = late / g.finished;
  return out;
}

}  // namespace pollbench::bench
