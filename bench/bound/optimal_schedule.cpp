#include "bench/bound/optimal_schedule.hpp"

#include <algorithm>
#include <cmath>

#include "sim/special_functions.hpp"

namespace pollbench::bench {

namespace {

// Five-point Gauss-Legendre on [a, b].
template <class F>
double gauss_legendre(const F& f, double a, double b) {
  static constexpr double x[] = {0.0, 0.5384693101056831, -0.5384693101056831, 0.9061798459386640, -0.9061798459386640};
  static constexpr double w[] = {0.5688888888888889, 0.4786286704993665, 0.4786286704993665, 0.2369268850561891,
                                 0.2369268850561891};
  const double mid = 0.5 * (a + b), half = 0.5 * (b - a);
  double sum = 0;
  for (int i = 0; i < 5; ++i) sum += w[i] * f(mid + half * x[i]);
  return sum * half;
}

// The integral of F over [a, b], split finely enough for kinks in a mixture's cdf.
double integral_of_cdf(const CompletionLaw& law, double a, double b) {
  if (b <= a) return 0;
  constexpr int pieces = 2;
  double sum = 0;
  for (int i = 0; i < pieces; ++i)
    sum += gauss_legendre(law.cdf, a + (b - a) * i / pieces, a + (b - a) * (i + 1) / pieces);
  return sum;
}

// E[(t_k - T) 1{t_(k-1) < T <= t_k}] = integral over (t_(k-1), t_k] of F(u) - F(t_(k-1)).
double delay_between(const CompletionLaw& law, double from, double to, double cdf_from) {
  return integral_of_cdf(law, from, to) - (to - from) * cdf_from;
}

// Grid for the DP: uniform in time, plus quantiles of the finishing law where polls crowd.
std::vector<double> dp_grid(const CompletionLaw& law, double tau, int points) {
  std::vector<double> grid;
  for (int i = 0; i <= points / 2; ++i) grid.push_back(tau * i / (points / 2));
  const double top = law.cdf(tau);
  for (int i = 1; i < points / 2; ++i) {
    const double p = top * i / (points / 2);
    grid.push_back(sim::invert_cdf(law.cdf, p, 0.0, tau));
  }
  std::sort(grid.begin(), grid.end());
  grid.erase(std::unique(grid.begin(), grid.end(), [](double a, double b) { return b - a < 1e-9; }), grid.end());
  grid.back() = tau;
  return grid;
}

// Local cost of poll k at time t between its neighbours: the request it enables after
// it, and the delay over the two intervals it bounds. f_prev is F(prev), fixed while t moves.
double local_cost(const CompletionLaw& law, double lambda, double prev, double f_prev, double t, double next) {
  const double f_t = law.cdf(t);
  return (1 - f_t) + lambda * (delay_between(law, prev, t, f_prev) + delay_between(law, t, next, f_t));
}

// Cyclic coordinate descent: each interior poll moves to a stationary point of its local
// cost between its neighbours (the BHP condition), where the cost's derivative
//   lambda (F(t) - F(prev) - (next - t) f(t)) - f(t)
// changes sign from negative to positive. Bisection on that sign needs the cdf and the
// density once a step, where a search on the cost itself needs its two integrals. A
// search is a function of the poll and its two neighbours alone: one that left its poll
// in place is not run again until a neighbour moves, as it would find the same.
void refine(const CompletionLaw& law, double lambda, std::vector<double>& t) {
  std::vector<char> settled(t.size(), 0);
  for (int sweep = 0; sweep < 4; ++sweep) {
    for (std::size_t k = 0; k + 1 < t.size(); ++k) {
      if (settled[k]) continue;
      const double prev = k == 0 ? 0.0 : t[k - 1], next = t[k + 1], f_prev = law.cdf(prev);
      auto cost = [&](double x) { return local_cost(law, lambda, prev, f_prev, x, next); };
      auto slope = [&](double x) {
        const double density = law.pdf(x);
        return lambda * (law.cdf(x) - f_prev - (next - x) * density) - density;
      };
      // Search near the current time: the grid optimum is already within a grid step.
      const double reach = 0.25 * (next - prev);
      double lo = std::max(prev, t[k] - reach), hi = std::min(next, t[k] + reach);
      double candidate;
      const bool falls = slope(lo)<0, rises = slope(hi)> 0;
      if (falls && rises) {
        for (int i = 0; i < 40 && hi - lo > 1e-6 * (1 + next); ++i) {
          const double mid = 0.5 * (lo + hi);
          (slope(mid) < 0 ? lo : hi) = mid;
        }
        candidate = 0.5 * (lo + hi);
      } else if (falls || rises) {
        candidate = falls ? hi : lo;  // the cost only falls towards that end
      } else {
        candidate = cost(lo) < cost(hi) ? lo : hi;
      }
      settled[k] = !(cost(candidate) < cost(t[k]));
      if (settled[k]) continue;
      t[k] = candidate;
      if (k > 0) settled[k - 1] = 0;
      settled[k + 1] = 0;
    }
  }
}

std::vector<sim::Seconds> as_seconds(const std::vector<double>& t) {
  std::vector<sim::Seconds> out;
  out.reserve(t.size());
  for (double x : t) out.emplace_back(x);
  return out;
}

}  // namespace

CompletionLaw CompletionLaw::of(const sim::Distribution& law, double finish_probability) {
  return {[law, finish_probability](double t) { return finish_probability * law.cdf(sim::Seconds{t}); },
          [law, finish_probability](double t) { return finish_probability * law.pdf(sim::Seconds{t}); }};
}

CompletionLaw CompletionLaw::of(const sim::ModelProfile& m) {
  const double succeed = 1 - m.failure.rate - m.hang_rate, fail = m.failure.rate;
  return {[m, succeed, fail](double t) {
            return succeed * m.completion.cdf(sim::Seconds{t}) + fail * m.failure.time.cdf(sim::Seconds{t});
          },
          [m, succeed, fail](double t) {
            return succeed * m.completion.pdf(sim::Seconds{t}) + fail * m.failure.time.pdf(sim::Seconds{t});
          }};
}

ScheduleCost expected_cost(const CompletionLaw& law, const std::vector<sim::Seconds>& polls) {
  ScheduleCost cost;
  double prev = 0, f_prev = law.cdf(0);
  for (std::size_t k = 0; k < polls.size(); ++k) {
    const double t = polls[k].count();
    cost.requests += k == 0 ? 1.0 : 1.0 - f_prev;
    cost.delay_mass += delay_between(law, prev, t, f_prev);
    prev = t;
    f_prev = law.cdf(t);
  }
  cost.finished = f_prev;
  return cost;
}

OptimalBound::OptimalBound(CompletionLaw law, sim::Seconds deadline)
    : law_(std::move(law)), grid_(dp_grid(law_, deadline.count(), 1200)) {
  cdf_.resize(grid_.size());
  cdf_integral_.assign(grid_.size(), 0.0);
  for (std::size_t i = 0; i < grid_.size(); ++i) cdf_[i] = law_.cdf(grid_[i]);
  for (std::size_t i = 1; i < grid_.size(); ++i)
    cdf_integral_[i] = cdf_integral_[i - 1] + integral_of_cdf(law_, grid_[i - 1], grid_[i]);
}

OptimalBound::OptimalBound(const OptimalBound& longer, sim::Seconds deadline) : law_(longer.law_) {
  const double tau = std::min(deadline.count(), longer.grid_.back());
  const auto kept = longer.grid_points_before(sim::Seconds{tau});
  grid_.assign(longer.grid_.begin(), longer.grid_.begin() + static_cast<std::ptrdiff_t>(kept));
  cdf_.assign(longer.cdf_.begin(), longer.cdf_.begin() + static_cast<std::ptrdiff_t>(kept));
  cdf_integral_.assign(longer.cdf_integral_.begin(), longer.cdf_integral_.begin() + static_cast<std::ptrdiff_t>(kept));
  const double last = grid_.empty() ? 0.0 : grid_.back();
  if (grid_.empty()) {
    grid_.push_back(0.0);
    cdf_.push_back(law_.cdf(0.0));
    cdf_integral_.push_back(0.0);
  }
  grid_.push_back(tau);
  cdf_.push_back(law_.cdf(tau));
  cdf_integral_.push_back(cdf_integral_.back() + integral_of_cdf(law_, last, tau));
}

std::size_t OptimalBound::grid_points_before(sim::Seconds t) const {
  return static_cast<std::size_t>(std::lower_bound(grid_.begin(), grid_.end(), t.count() - 1e-9) - grid_.begin());
}

std::vector<double> OptimalBound::grid_optimum(double lambda) const {
  const auto& s = grid_;
  const auto& F = cdf_;
  const auto& G = cdf_integral_;
  const auto m = s.size();
  // V[i]: least cost from a poll at s[i] (or the start, i = 0) to the end; next[i]: its next poll.
  std::vector<double> V(m, 0.0);
  std::vector<std::size_t> next(m, m - 1);
  // The delay term grows with j and V is never negative, so once it alone passes the best
  // cost no later j can win. The margin is far above rounding, so the optimum found is
  // exactly the one a full scan finds.
  const double margin = 1e-9 * (1 + lambda * G.back());
  for (std::size_t i = m - 1; i-- > 0;) {
    const double request = i == 0 ? 1.0 : 1.0 - F[i];
    double best = INFINITY;
    for (std::size_t j = i + 1; j < m; ++j) {
      const double delay = lambda * (G[j] - G[i] - (s[j] - s[i]) * F[i]);
      if (request + delay > best + margin) break;
      const double c = request + delay + V[j];
      if (c < best) {
        best = c;
        next[i] = j;
      }
    }
    V[i] = best;
  }
  std::vector<double> t;
  for (std::size_t i = next[0];; i = next[i]) {
    t.push_back(s[i]);
    if (i == m - 1) break;
  }
  return t;
}

Schedule OptimalBound::refined(std::vector<double> polls, double lambda) const {
  refine(law_, lambda, polls);
  Schedule out{as_seconds(polls), {}, lambda};
  out.cost = expected_cost(law_, out.polls);
  return out;
}

Schedule OptimalBound::at_lambda(double lambda) const { return refined(grid_optimum(lambda), lambda); }

ScheduleCost OptimalBound::grid_cost(double log_lambda) const {
  {
    const std::scoped_lock lock(grid_costs_mutex_);
    if (const auto it = grid_costs_.find(log_lambda); it != grid_costs_.end()) return it->second;
  }
  // Computed outside the lock: two threads may both compute one, to the same result.
  const auto cost = expected_cost(law_, as_seconds(grid_optimum(std::exp(log_lambda))));
  const std::scoped_lock lock(grid_costs_mutex_);
  grid_costs_.emplace(log_lambda, cost);
  return cost;
}

namespace {

// The log lambdas the bisection searches between.
const double coarsest_log_lambda = std::log(1e-6), finest_log_lambda = std::log(1e5);

}  // namespace

std::pair<double, double> OptimalBound::finest() const {
  const auto c = grid_cost(finest_log_lambda);
  return {c.mean_delay_s(), c.requests};
}

std::optional<std::pair<double, double>> OptimalBound::bracket(double target) const {
  // Mean delay falls as lambda grows: bisect on log lambda with the grid optimum.
  double lo = coarsest_log_lambda, hi = finest_log_lambda;
  if (grid_cost(hi).mean_delay_s() > target) return std::nullopt;
  if (grid_cost(lo).mean_delay_s() < target) return std::pair{lo, lo};
  for (int i = 0; i < 40 && hi - lo > 1e-3; ++i) {
    const double mid = 0.5 * (lo + hi);
    (grid_cost(mid).mean_delay_s() > target ? lo : hi) = mid;
  }
  return std::pair{lo, hi};
}

std::optional<double> OptimalBound::requests_at_mean_delay(sim::Seconds mean_delay) const {
  const auto b = bracket(mean_delay.count());
  if (!b) return std::nullopt;
  const auto slow = grid_cost(b->first), fast = grid_cost(b->second);
  const double span = slow.mean_delay_s() - fast.mean_delay_s();
  if (span <= 0) return fast.requests;
  const double w = std::clamp((slow.mean_delay_s() - mean_delay.count()) / span, 0.0, 1.0);
  return slow.requests + w * (fast.requests - slow.requests);
}

std::vector<std::pair<double, double>> OptimalBound::frontier(int points) const {
  std::vector<std::pair<double, double>> out;
  for (int i = points - 1; i >= 0; --i) {
    const auto c = grid_cost(std::log(1e-4) + (std::log(1e3) - std::log(1e-4)) * i / (points - 1));
    out.emplace_back(c.mean_delay_s(), c.requests);
  }
  return out;
}

std::optional<Schedule> OptimalBound::at_mean_delay(sim::Seconds mean_delay) const {
  const double target = mean_delay.count();
  const auto b = bracket(target);
  if (!b) return std::nullopt;
  double lo = b->first, hi = b->second;
  if (lo == hi) return at_lambda(std::exp(lo));
  // Refinement moves the delay a little: bisect again on refined optima, in a bracket
  // widened to hold the target. Where the poll count jumps across the target no single
  // schedule hits it exactly, and the closer side is returned.
  lo -= 0.05;
  hi += 0.05;
  auto slow = at_lambda(std::exp(lo)), fast = at_lambda(std::exp(hi));
  for (int i = 0; i < 14 && slow.cost.mean_delay_s() > target && fast.cost.mean_delay_s() < target; ++i) {
    auto mid = at_lambda(std::exp(0.5 * (lo + hi)));
    if (mid.cost.mean_delay_s() > target) {
      lo = 0.5 * (lo + hi);
      slow = std::move(mid);
    } else {
      hi = 0.5 * (lo + hi);
      fast = std::move(mid);
    }
  }
  return std::abs(slow.cost.mean_delay_s() - target) < std::abs(fast.cost.mean_delay_s() - target) ? slow : fast;
}

sim::Seconds bound_deadline(const sim::ModelProfile& model) {
  const auto law = CompletionLaw::of(model);
  const double finishing = 1 - model.hang_rate;
  const double upper = std::max(model.completion.quantile(0.9999).count(), model.failure.time.quantile(0.9999).count());
  return sim::Seconds{sim::invert_cdf(law.cdf, 0.999 * finishing, 0.0, upper)};
}

}  // namespace pollbench::bench
