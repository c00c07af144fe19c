#pragma once
// Laws of durations (completion times, response times, webhook delays). Each can be
// sampled from a RandomStream and gives its cdf, pdf, quantile and mean: the simulator
// samples, the tuner integrates.

#include <cmath>
#include <concepts>
#include <variant>
#include <vector>

#include "sim/random_stream.hpp"
#include "sim/time.hpp"

namespace pollbench::sim {

struct Constant {
  double value_s;
};
struct Uniform {
  double min_s, max_s;
};
struct Exponential {
  double mean_s;
};
struct LogNormal {
  double mu, sigma;  // of the logarithm of seconds
  // The seconds at standard normal z: a draw's, or a quantile's.
  double seconds_at(double z) const { return std::exp(mu + sigma * z); }
  static LogNormal from_median(double median_s, double sigma);
  static LogNormal from_median_p99(double median_s, double p99_s);
};
struct Gamma {
  double shape, scale_s;
};
struct Weibull {
  double shape, scale_s;
};
// Piecewise-linear interpolation of sorted samples: continuous, so it has a density.
struct Empirical {
  std::vector<double> sorted_s;
};
class Distribution;
struct Mixture {
  std::vector<Distribution> parts;
  std::vector<double> weights;  // normalised to sum to 1
};

class Distribution {
 public:
  using Law = std::variant<Constant, Uniform, Exponential, LogNormal, Gamma, Weibull, Empirical, Mixture>;

  // Implicit from any law: a Constant{2} is a distribution.
  template <class L>
  requires(!std::same_as<std::decay_t<L>, Distribution> && std::constructible_from<Law, L>) Distribution(L&& law)
      : law_(std::forward<L>(law)) {}  // NOLINT(google-explicit-constructor)

  Seconds sample(RandomStream& random) const;
  double cdf(Seconds t) const;
  double pdf(Seconds t) const;  // per second
  Seconds quantile(double p) const;
  Seconds mean() const;

  const Law& law() const { return law_; }

 private:
  Law law_;
};

}  // namespace pollbench::sim
