#include "bench/bound/tail_schedule.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace pollbench;
using bench::CompletionLaw;

namespace {

// Requests and late share of a schedule, straight from the definitions.
struct Direct {
  double requests = 0, late_share = 0;
};
Direct direct(const CompletionLaw& law, const std::vector<double>& polls, double d) {
  Direct out;
  double prev = 0, late = 0;
  for (std::size_t k = 0; k < polls.size(); ++k) {
    out.requests += k == 0 ? 1 : 1 - law.cdf(prev);
    if (polls[k] - d > prev) late += law.cdf(polls[k] - d) - law.cdf(prev);
    prev = polls[k];
  }
  out.late_share = late / law.cdf(polls.back());
  return out;
}

// An independent optimiser on another grid: dynamic programming over (last poll on a
// grid d/40 fine, late budget left in 1/400ths of the limit, rounded up so that every
// schedule it finds keeps to the limit).
double brute_force(const CompletionLaw& law, double tau, double d, double share) {
  constexpr int units = 400;
  const double step = d / 40;
  std::vector<double> s;
  for (double t = 0; t < tau; t += step) s.push_back(t);
  s.push_back(tau);
  const auto n = s.size();
  const double unit = share * law.cdf(tau) / units;
  std::vector<double> F(n), earlier(n);
  for (std::size_t i = 0; i < n; ++i) {
    F[i] = law.cdf(s[i]);
    earlier[i] = s[i] > d ? law.cdf(s[i] - d) : 0;
  }
  // best[i][b]: fewest requests from a poll at s[i] (or the start, i = 0) with b units left.
  std::vector<std::vector<double>> best(n, std::vector<double>(units + 1, INFINITY));
  std::fill(best[n - 1].begin(), best[n - 1].end(), 0.0);
  for (std::size_t i = n - 1; i-- > 0;) {
    const double request = i == 0 ? 1 : 1 - F[i];
    for (std::size_t j = i + 1; j < n; ++j) {
      const double late = std::max(0.0, earlier[j] - F[i]);
      const auto cost = static_cast<int>(std::ceil(late / unit - 1e-9));
      if (cost > units) break;
      for (int b = cost; b <= units; ++b) best[i][b] = std::min(best[i][b], request + best[j][b - cost]);
    }
  }
  return best[0][units];
}

void matches_brute_force(const CompletionLaw& law, double tau, double d) {
  const auto library = bench::tail_optimal(law, sim::Seconds{tau}, {sim::Seconds{d}, 0.05});
  REQUIRE(library.has_value());
  std::vector<double> polls;
  for (auto t : library->polls) polls.push_back(t.count());
  const auto check = direct(law, polls, d);
  CHECK(check.requests == Approx(library->requests).epsilon(1e-9));
  CHECK(check.late_share == Approx(library->late_share).epsilon(1e-9));
  CHECK(check.late_share <= 0.05 + 1e-12);
  CHECK(library->requests == Approx(brute_force(law, tau, d, 0.05)).epsilon(0.005));
}

}  // namespace

TEST_CASE("tail-limited optimum matches a brute-force optimiser within 0.5% - image-like law") {
  matches_brute_force(CompletionLaw::of(sim::LogNormal::from_median(10, 0.5)), 40, 3);
}

TEST_CASE("tail-limited optimum matches a brute-force optimiser within 0.5% - video-like law") {
  matches_brute_force(CompletionLaw::of(sim::LogNormal::from_median(180, 0.6)), 900, 20);
}

TEST_CASE("tail-limited optimum matches a brute-force optimiser within 0.5% - early failures and hangs") {
  sim::ModelProfile m;
  m.completion = sim::LogNormal::from_median(30, 0.5);
  m.failure = {0.05, "500", "failed", sim::Exponential{3}};
  m.hang_rate = 0.02;
  matches_brute_force(CompletionLaw::of(m), 150, 5);
}

TEST_CASE("tail-limited optimum: a looser limit never costs more - impossible limits are refused") {
  const auto law = CompletionLaw::of(sim::LogNormal::from_median(10, 0.5));
  double before = INFINITY;
  for (double d : {1.0, 2.0, 4.0, 8.0}) {
    const auto s = bench::tail_optimal(law, sim::Seconds{40}, {sim::Seconds{d}, 0.05});
    REQUIRE(s.has_value());
    CHECK(s->requests <= before);
    before = s->requests;
  }
  CHECK_FALSE(bench::tail_optimal(law, sim::Seconds{40}, {sim::Seconds{50}, 0.05}).has_value());
  CHECK_FALSE(bench::tail_optimal(law, sim::Seconds{40}, {sim::Seconds{0}, 0.05}).has_value());
  CHECK_FALSE(bench::tail_optimal(law, sim::Seconds{40}, {sim::Seconds{2}, 0}).has_value());
  // A deadline over 1,499 delays long would need a grid too fine: refused, not run.
  CHECK_FALSE(bench::tail_optimal(law, sim::Seconds{1378}, {sim::Seconds{0.5}, 0.05}).has_value());
  CHECK(bench::tail_optimal(law, sim::Seconds{1378}, {sim::Seconds{1}, 0.05}).has_value());
}
