#pragma once
// The optimal polling bound (Barlow, Hunter & Proschan 1963; conventions in
// ../shared/theory.md): for a completion law F that may be defective (hangs) and a
// give-up deadline tau, the poll times minimising E[requests] + lambda * E[delay; T <= tau].
// Exact dynamic programming on a fine grid, then a continuous refinement.

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "sim/model_profile.hpp"

namespace pollbench::bench {

// When a task reaches a terminal state (success or failure). F(inf) = 1 - hang rate.
struct CompletionLaw {
  std::function<double(double)> cdf;  // F(t), t in seconds
  std::function<double(double)> pdf;  // f(t), per second

  static CompletionLaw of(const sim::ModelProfile& model);
  static CompletionLaw of(const sim::Distribution& law, double finish_probability = 1.0);
};

struct ScheduleCost {
  double requests = 0;    // E[N] = sum_k S(t_(k-1)), t_0 = 0: the first poll is always sent
  double delay_mass = 0;  // E[D 1{T <= tau}]
  double finished = 0;    // F(tau)
  double mean_delay_s() const { return finished > 0 ? delay_mass / finished : 0; }
};

struct Schedule {
  std::vector<sim::Seconds> polls;  // increasing; the last is the deadline
  ScheduleCost cost;
  double lambda = 0;  // requests one second of delay is worth
};

// The expectations of a given schedule, by direct quadrature.
ScheduleCost expected_cost(const CompletionLaw& law, const std::vector<sim::Seconds>& polls);

// The optimum for one law and deadline. The DP grid and the integrals of F over it are
// computed once, so sweeping lambda (the frontier, or a bisection to a target mean
// delay) costs one O(grid^2) pass and a refinement per lambda. Each grid optimum's cost
// is remembered: every bisection starts from the same lambdas, so the rows of a model
// share their first steps. Safe to use from several threads at once.
class OptimalBound {
 public:
  OptimalBound(CompletionLaw law, sim::Seconds deadline);
  // The same law up to an earlier deadline, on this bound's grid cut there: no quadrature
  // again, and a smaller dynamic program.
  OptimalBound(const OptimalBound& longer, sim::Seconds deadline);
  // How many points of the grid lie before `t`: what a bound cut there would keep.
  std::size_t grid_points_before(sim::Seconds t) const;

  // The schedule minimising requests + lambda * delay_mass, its last poll at the deadline.
  Schedule at_lambda(double lambda) const;
  // The optimum whose mean delay over tasks finished by the deadline is `mean_delay`;
  // nullopt when even a poll every few milliseconds is slower.
  std::optional<Schedule> at_mean_delay(sim::Seconds mean_delay) const;

  // The fewest expected requests at that mean delay, from grid optima interpolated
  // between the two lambdas that bracket it: a few ms, for an efficiency column.
  std::optional<double> requests_at_mean_delay(sim::Seconds mean_delay) const;
  // The grid's finest optimum, which the bisection starts from: (mean delay, requests).
  std::pair<double, double> finest() const;

  // (mean delay, requests) of grid optima over a sweep of lambda, by increasing delay.
  std::vector<std::pair<double, double>> frontier(int points = 32) const;

  const CompletionLaw& law() const { return law_; }
  sim::Seconds deadline() const { return sim::Seconds{grid_.back()}; }

 private:
  // Poll times on the grid (no refinement): what the bisection steers by.
  std::vector<double> grid_optimum(double lambda) const;
  Schedule refined(std::vector<double> polls, double lambda) const;
  ScheduleCost grid_cost(double log_lambda) const;
  // Log-lambdas whose grid optima bracket the target mean delay (slower, faster).
  std::optional<std::pair<double, double>> bracket(double target) const;

  CompletionLaw law_;
  std::vector<double> grid_, cdf_, cdf_integral_;
  mutable std::mutex grid_costs_mutex_;
  mutable std::map<double, ScheduleCost> grid_costs_;  // by log lambda
};

// The deadline the bound uses for a model: the 99.9th percentile of the finishing time.
sim::Seconds bound_deadline(const sim::ModelProfile& model);

}  // namespace pollbench::bench
