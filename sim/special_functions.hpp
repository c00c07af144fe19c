#pragma once
// The few special functions the distributions need, written out so that results do not
// depend on which standard library's <random> is installed.

#include <functional>

namespace pollbench::sim {

double standard_normal_cdf(double z);
double standard_normal_pdf(double z);
// Inverse of standard_normal_cdf for p in (0, 1); relative error below 1e-15.
double standard_normal_quantile(double p);
// The same to a relative 1.15e-9, four times cheaper: for sampling, where it is far
// below any statistical resolution.
double standard_normal_quantile_approx(double p);

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
