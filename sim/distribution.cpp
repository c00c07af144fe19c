#include "sim/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/special_functions.hpp"

namespace pollbench::sim {

namespace {

constexpr double z99 = 2.3263478740408408;  // standard normal quantile of 0.99

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
// Spelled out for clang before 17, which builds the fuzz targets and lacks C++20's
// deduction for aggregates.
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

double gamma_sample(double shape, RandomStream& random) {
  // Marsaglia & Tsang (2000); shape < 1 boosted by U^(1/shape).
  if (shape < 1.0) return gamma_sample(shape + 1.0, random) * std::pow(random.uniform(), 1.0 / shape);
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = random.normal();
    const double v = std::pow(1.0 + c * x, 3);
    if (v <= 0.0) continue;
    const double u = random.uniform();
    if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
  }
}

// Index i such that sorted[i] <= x < sorted[i+1], for x inside the sample range.
std::size_t empirical_segment(const std::vector<double>& sorted, double x) {
  const auto it = std::upper_bound(sorted.begin(), sorted.end(), x);
  return static_cast<std::size_t>(std::distance(sorted.begin(), it)) - 1;
}

double empirical_quantile(const std::vector<double>& xs, double p) {
  const double pos = p * static_cast<double>(xs.size() - 1);
  const auto i = std::min(static_cast<std::size_t>(pos), xs.size() - 2);
  return xs[i] + (pos - static_cast<double>(i)) * (xs[i + 1] - xs[i]);
}

// Sum of weight x f(part): the mixture's cdf, pdf and mean.
template <class F>
double weighted_sum(const Mixture& m, F f) {
  double sum = 0;
  for (std::size_t i = 0; i < m.parts.size(); ++i) sum += m.weights[i] * f(m.parts[i]);
  return sum;
}

}  // namespace

LogNormal LogNormal::from_median(double median_s, double sigma) { return {std::log(median_s), sigma}; }

LogNormal LogNormal::from_median_p99(double median_s, double p99_s) {
  return {std::log(median_s), (std::log(p99_s) - std::log(median_s)) / z99};
}

Seconds Distribution::sample(RandomStream& random) const {
  return Seconds{
      std::visit(Overloaded{
                     [](const Constant& d) { return d.value_s; },
                     [&](const Uniform& d) { return d.min_s + (d.max_s - d.min_s) * random.uniform(); },
                     [&](const Exponential& d) { return -d.mean_s * std::log(random.uniform()); },
                     [&](const LogNormal& d) { return d.seconds_at(random.normal()); },
                     [&](const Gamma& d) { return d.scale_s * gamma_sample(d.shape, random); },
                     [&](const Weibull& d) { return d.scale_s * std::pow(-std::log(random.uniform()), 1.0 / d.shape); },
                     [&](const Empirical& d) { return empirical_quantile(d.sorted_s, random.uniform()); },
                     [&](const Mixture& d) {
                       double u = random.uniform();
                       for (std::size_t i = 0; i + 1 < d.parts.size(); ++i) {
                         if (u < d.weights[i]) return d.parts[i].sample(random).count();
                         u -= d.weights[i];
                       }
                       return d.parts.back().sample(random).count();
                     },
                 },
                 law_)};
}

double Distribution::cdf(Seconds t) const {
  const double x = t.count();
  return std::visit(
      Overloaded{
          [&](const Constant& d) { return x >= d.value_s ? 1.0 : 0.0; },
          [&](const Uniform& d) { return std::clamp((x - d.min_s) / (d.max_s - d.min_s), 0.0, 1.0); },
          [&](const Exponential& d) { return x <= 0 ? 0.0 : -std::expm1(-x / d.mean_s); },
          [&](const LogNormal& d) { return x <= 0 ? 0.0 : standard_normal_cdf((std::log(x) - d.mu) / d.sigma); },
          [&](const Gamma& d) { return regularized_gamma_p(d.shape, x / d.scale_s); },
          [&](const Weibull& d) { return x <= 0 ? 0.0 : -std::expm1(-std::pow(x / d.scale_s, d.shape)); },
          [&](const Empirical& d) {
            const auto& xs = d.sorted_s;
            if (x < xs.front()) return 0.0;
            if (x >= xs.back()) return 1.0;
            const auto i = empirical_segment(xs, x);
            const double within = xs[i + 1] > xs[i] ? (x - xs[i]) / (xs[i + 1] - xs[i]) : 1.0;
            return (static_cast<double>(i) + within) / static_cast<double>(xs.size() - 1);
          },
          [&](const Mixture& d) { return weighted_sum(d, [&](const Distribution& p) { return p.cdf(t); }); },
      },
      law_);
}

double Distribution::pdf(Seconds t) const {
  const double x = t.count();
  return std::visit(
      Overloaded{
          // A point mass has no density; zero keeps integrals over it honest.
          [](const Constant&) { return 0.0; },
          [&](const Uniform& d) { return x >= d.min_s && x <= d.max_s ? 1.0 / (d.max_s - d.min_s) : 0.0; },
          [&](const Exponential& d) { return x < 0 ? 0.0 : std::exp(-x / d.mean_s) / d.mean_s; },
          [&](const LogNormal& d) {
            return x <= 0 ? 0.0 : standard_normal_pdf((std::log(x) - d.mu) / d.sigma) / (x * d.sigma);
          },
          [&](const Gamma& d) { return gamma_density(d.shape, x / d.scale_s) / d.scale_s; },
          [&](const Weibull& d) {
            if (x < 0) return 0.0;
            const double y = x / d.scale_s;
            return d.shape / d.scale_s * std::pow(y, d.shape - 1) * std::exp(-std::pow(y, d.shape));
          },
          [&](const Empirical& d) {
            const auto& xs = d.sorted_s;
            if (x < xs.front() || x >= xs.back()) return 0.0;
            const auto i = empirical_segment(xs, x);
            const double width = xs[i + 1] - xs[i];
            return width > 0 ? 1.0 / (static_cast<double>(xs.size() - 1) * width) : 0.0;
          },
          [&](const Mixture& d) { return weighted_sum(d, [&](const Distribution& p) { return p.pdf(t); }); },
      },
      law_);
}

Seconds Distribution::quantile(double p) const {
  return Seconds{std::visit(
      Overloaded{
          [](const Constant& d) { return d.value_s; },
          [&](const Uniform& d) { return d.min_s + p * (d.max_s - d.min_s); },
          [&](const Exponential& d) { return -d.mean_s * std::log1p(-p); },
          [&](const LogNormal& d) { return d.seconds_at(standard_normal_quantile(p)); },
          [&](const Gamma& d) {
            return invert_cdf([&](double x) { return regularized_gamma_p(d.shape, x / d.scale_s); }, p, 0.0,
                              d.shape * d.scale_s);
          },
          [&](const Weibull& d) { return d.scale_s * std::pow(-std::log1p(-p), 1.0 / d.shape); },
          [&](const Empirical& d) { return empirical_quantile(d.sorted_s, p); },
          [&](const Mixture&) { return invert_cdf([&](double x) { return cdf(Seconds{x}); }, p, 0.0, mean().count()); },
      },
      law_)};
}

Seconds Distribution::mean() const {
  return Seconds{std::visit(
      Overloaded{
          [](const Constant& d) { return d.value_s; },
          [](const Uniform& d) { return 0.5 * (d.min_s + d.max_s); },
          [](const Exponential& d) { return d.mean_s; },
          [](const LogNormal& d) { return std::exp(d.mu + 0.5 * d.sigma * d.sigma); },
          [](const Gamma& d) { return d.shape * d.scale_s; },
          [](const Weibull& d) { return d.scale_s * std::tgamma(1.0 + 1.0 / d.shape); },
          [](const Empirical& d) {
            // Mean of the piecewise-linear law: the average of segment midpoints.
            const auto& xs = d.sorted_s;
            const double ends = 0.5 * (xs.front() + xs.back());
            const double inner = std::accumulate(xs.begin() + 1, xs.end() - 1, 0.0);
            return (ends + inner) / static_cast<double>(xs.size() - 1);
          },
          [](const Mixture& d) { return weighted_sum(d, [](const Distribution& p) { return p.mean().count(); }); },
      },
      law_)};
}

}  // namespace pollbench::sim
