#pragma once
// The few special functions the distributions need, written out so that results do not
// depend on which standard library's <random> is installed.

#include <cmath>
#include <functional>

namespace pollbench::sim {

double standard_normal_cdf(double z);
double standard_normal_pdf(double z);
// Inverse of standard_normal_cdf for p in (0, 1); relative error below 1e-15.
double standard_normal_quantile(double p);
// The same to a relative 1.15e-9, four times cheaper: for sampling, where it is far
// below any statistical resolution. Inline: every normal draw goes through it.
inline double standard_normal_quantile_approx(double p) {
  // Acklam's rational approximation, relative error below 1.15e-9.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  double x;
  if (p < p_low) {
    const double q = std::sqrt(-2.0 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  } else if (p <= 1.0 - p_low) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  } else {
    const double q = std::sqrt(-2.0 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  return x;
}

// ln Gamma(a) for a > 0, the same value as std::lgamma, which may also write the global
// signgam: a data race once laws are evaluated on several threads (the bounds are).
double log_gamma(double a);

// Regularised lower incomplete gamma P(a, x) for a > 0, x >= 0. Above a = 1e4 by an
// asymptotic form: within 1e-9 of P, and in [0, 1] however large the shape.
double regularized_gamma_p(double a, double x);
// Density of the gamma law of shape a and scale 1 at x, finite for any shape.
double gamma_density(double a, double x);

// Smallest x in [lo, hi] with cdf(x) >= p, for a non-decreasing cdf; hi grows until it
// brackets p. Used where a law has no closed-form quantile.
double invert_cdf(const std::function<double(double)>& cdf, double p, double lo, double hi);

}  // namespace pollbench::sim
