#include <catch2/catch.hpp>
#include <cmath>

#include "bench/bound/optimal_schedule.hpp"

using namespace pollbench;
using bench::CompletionLaw;

namespace {

// An independent optimiser: for every poll count K, pattern search on the K-1 interior
// times, with the cost integrated by the trapezoid rule straight from theory.md's
// formulas (E[N] = sum S(t_(k-1)), E[D 1] = sum t_k dF - dM1, M1 from u f(u)).
double direct_cost(const CompletionLaw& law, const std::vector<double>& t, double lambda) {
  double requests = 0, delay = 0, prev = 0;
  for (std::size_t k = 0; k < t.size(); ++k) {
    requests += k == 0 ? 1 : 1 - law.cdf(prev);
    const int n = 400;
    double m1 = 0;
    for (int i = 0; i < n; ++i) {
      const double a = prev + (t[k] - prev) * i / n, b = prev + (t[k] - prev) * (i + 1) / n;
      m1 += 0.5 * (a * law.pdf(a) + b * law.pdf(b)) * (b - a);
    }
    delay += t[k] * (law.cdf(t[k]) - law.cdf(prev)) - m1;
    prev = t[k];
  }
  return requests + lambda * delay;
}

double brute_force_optimum(const CompletionLaw& law, double tau, double lambda, int max_polls) {
  double best = INFINITY;
  for (int K = 1; K <= max_polls; ++K) {
    std::vector<double> t(K);
    for (int k = 0; k < K; ++k) t[k] = tau * (k + 1) / K;
    double cost = direct_cost(law, t, lambda);
    for (double step = tau / K / 2; step > 1e-5 * tau; step /= 2) {
      for (bool improved = true; improved;) {
        improved = false;
        for (int k = 0; k + 1 < K; ++k) {
          for (double move : {-step, step}) {
            auto trial = t;
            trial[k] += move;
            const double lo = k == 0 ? 0 : trial[k - 1];
            if (trial[k] <= lo || trial[k] >= trial[k + 1]) continue;
            const double c = direct_cost(law, trial, lambda);
            if (c < cost - 1e-12) {
              cost = c;
              t = trial;
              improved = true;
            }
          }
        }
      }
    }
    best = std::min(best, cost);
  }
  return best;
}

double library_optimum(const CompletionLaw& law, double tau, double lambda) {
  const auto s = bench::OptimalBound(law, sim::Seconds{tau}).at_lambda(lambda);
  return s.cost.requests + lambda * s.cost.delay_mass;
}

}  // namespace

TEST_CASE("optimal schedule matches a brute-force optimiser within 0.1% - image-like law") {
  const auto law = CompletionLaw::of(sim::LogNormal::from_median(10, 0.5));
  const double lambda = 2, tau = 40;
  CHECK(library_optimum(law, tau, lambda) == Approx(brute_force_optimum(law, tau, lambda, 16)).epsilon(0.001));
}

TEST_CASE("optimal schedule matches a brute-force optimiser within 0.1% - video-like law") {
  const auto law = CompletionLaw::of(sim::LogNormal::from_median(180, 0.6));
  const double lambda = 0.1, tau = 900;
  CHECK(library_optimum(law, tau, lambda) == Approx(brute_force_optimum(law, tau, lambda, 16)).epsilon(0.001));
}

TEST_CASE("optimal schedule matches a brute-force optimiser within 0.1% - 5% early failures and 2% hangs") {
  sim::ModelProfile m;
  m.completion = sim::LogNormal::from_median(30, 0.5);
  m.failure.rate = 0.05;
  m.failure.time = sim::Exponential{3};
  m.hang_rate = 0.02;
  const auto law = CompletionLaw::of(m);
  CHECK(law.cdf(1e6) == Approx(0.98));
  const double lambda = 0.5, tau = 120;
  CHECK(library_optimum(law, tau, lambda) == Approx(brute_force_optimum(law, tau, lambda, 16)).epsilon(0.001));
}

TEST_CASE("expected cost of a schedule: closed form for a fixed interval on an exponential law") {
  // Polls every 2 s up to 20 s on Exp(mean 5): E[N] = 1 + sum_{k=1}^{9} e^{-2k/5}.
  const auto law = CompletionLaw::of(sim::Exponential{5});
  std::vector<sim::Seconds> polls;
  for (int k = 1; k <= 10; ++k) polls.emplace_back(2.0 * k);
  double requests = 1;
  for (int k = 1; k <= 9; ++k) requests += std::exp(-2.0 * k / 5);
  const auto cost = bench::expected_cost(law, polls);
  CHECK(cost.requests == Approx(requests).epsilon(1e-9));
  CHECK(cost.finished == Approx(1 - std::exp(-4.0)).epsilon(1e-12));
  // Delay on (a, a+2]: 2 F-increment - integral; for memoryless T: 2 - 5 (1 - e^{-2/5}) per unit survival.
  double delay = 0;
  for (int k = 0; k < 10; ++k) delay += std::exp(-2.0 * k / 5) * (2 - 5 * (1 - std::exp(-0.4)));
  CHECK(cost.delay_mass == Approx(delay).epsilon(1e-9));
}

TEST_CASE("at a target mean delay the optimum hits it and satisfies the BHP recursion inside") {
  const auto law = CompletionLaw::of(sim::LogNormal::from_median(10, 0.5));
  const bench::OptimalBound bound(law, sim::Seconds{60});
  const auto s = bound.at_mean_delay(sim::Seconds{1.5});
  REQUIRE(s.has_value());
  CHECK(s->cost.mean_delay_s() == Approx(1.5).epsilon(1e-3));
  // t(k+1) - t(k) = (F(t_k) - F(t_(k-1))) / f(t_k) - 1/lambda, at interior polls in the bulk.
  const auto& t = s->polls;
  for (std::size_t k = 1; k + 2 < t.size(); ++k) {
    const double a = t[k - 1].count(), b = t[k].count(), c = t[k + 1].count();
    if (law.pdf(b) < 1e-3) continue;
    CHECK(c - b == Approx((law.cdf(b) - law.cdf(a)) / law.pdf(b) - 1 / s->lambda).margin(0.02 * (c - b) + 0.01));
  }
  // Lower delay costs more requests.
  const auto faster = bound.at_mean_delay(sim::Seconds{0.5});
  REQUIRE(faster.has_value());
  CHECK(faster->cost.requests > s->cost.requests);
}
