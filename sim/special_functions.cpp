#include "sim/special_functions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace pollbench::sim {

double standard_normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

double standard_normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); }

double standard_normal_quantile(double p) {
  // One Halley step on the exact cdf brings the approximation to full double precision.
  const double x = standard_normal_quantile_approx(p);
  const double e = standard_normal_cdf(x) - p;
  const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
  return x - u / (1.0 + 0.5 * x * u);
}

double log_gamma(double a) {
  int sign = 0;  // lgamma_r (glibc) keeps the sign here, not in signgam
  return ::lgamma_r(a, &sign);
}

namespace {

// Above this shape the series and the continued fraction below need more than their 1000
// terms (about 8 sqrt(a) near x = a), and a log x - x - lgamma(a) loses its digits to
// cancellation: at 1e5 P was 8e-4 off, at 4e14 outside [0, 1], at 1e16 nan.
constexpr double large_shape = 1e4;

// lambda - 1 - log(lambda) for lambda = 1 + d, >= 0, without cancellation's sign errors.
double log_ratio_gap(double d) { return std::max(0.0, d - std::log1p(d)); }

// Temme's uniform asymptotic expansion, its first term (DLMF 8.12.3, 8.12.8, 8.12.10):
// within 1e-9 of P for a >= 1e4, closer as a grows, and finite for any a.
double regularized_gamma_p_large(double a, double x) {
  const double d = x / a - 1;
  const double eta = std::copysign(std::sqrt(2 * log_ratio_gap(d)), d);
  // c0 = 1 / (lambda - 1) - 1 / eta, by its series where the two nearly cancel.
  const double c0 = std::abs(eta) < 1e-3 ? -1.0 / 3 + eta / 12 - 2 * eta * eta / 135 : 1 / d - 1 / eta;
  const double q =
      0.5 * std::erfc(eta * std::sqrt(a / 2)) + std::exp(-a * eta * eta / 2) / std::sqrt(2 * std::numbers::pi * a) * c0;
  return std::clamp(1 - q, 0.0, 1.0);
}

}  // namespace

double gamma_density(double a, double x) {
  if (x <= 0.0) return 0.0;
  if (a <= large_shape) return std::exp((a - 1) * std::log(x) - x - log_gamma(a));
  // The same with Stirling's series for lgamma(a), the large terms cancelled by hand.
  const double d = x / a - 1;
  return std::exp(-a * log_ratio_gap(d) - std::log1p(d) - 0.5 * std::log(2 * std::numbers::pi * a) - 1 / (12 * a));
}

double regularized_gamma_p(double a, double x) {
  if (x <= 0.0) return 0.0;
  if (a > large_shape) return regularized_gamma_p_large(a, x);
  const double log_prefix = a * std::log(x) - x - log_gamma(a);
  constexpr double eps = 1e-15;
  if (x < a + 1.0) {
    // Series: P = x^a e^-x / Gamma(a+1) * sum x^n / ((a+1)...(a+n)).
    double term = 1.0 / a;
    double sum = term;
    for (int n = 1; n < 1000; ++n) {
      term *= x / (a + n);
      sum += term;
      if (std::abs(term) < std::abs(sum) * eps) break;
    }
    return sum * std::exp(log_prefix);
  }
  // Continued fraction for Q = 1 - P (modified Lentz).
  constexpr double tiny = std::numeric_limits<double>::min() / eps;
  double b = x + 1.0 - a;
  double c = 1.0 / tiny;
  double d = 1.0 / b;
  double h = d;
  for (int i = 1; i < 1000; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1.0) < eps) break;
  }
  return 1.0 - std::exp(log_prefix) * h;
}

double invert_cdf(const std::function<double(double)>& cdf, double p, double lo, double hi) {
  for (int i = 0; i < 200 && cdf(hi) < p; ++i) hi = hi * 2.0 + 1.0;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * (1.0 + std::abs(hi)); ++i) {
    const double mid = 0.5 * (lo + hi);
    (cdf(mid) < p ? lo : hi) = mid;
  }
  return hi;
}

}  // namespace pollbench::sim
