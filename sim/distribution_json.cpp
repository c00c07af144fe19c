#include "sim/distribution_json.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "sim/input_error.hpp"
#include "sim/json_fields.hpp"
#include "sim/limits.hpp"

namespace pollbench::sim {

namespace {

Distribution parse_lognormal(JsonFields& f) {
  const double median = f.positive("median_s");
  if (f.has("sigma") == f.has("p99_s")) throw InputError(f.path(), "lognormal takes exactly one of sigma, p99_s");
  if (f.has("sigma")) return LogNormal::from_median(median, f.positive("sigma"));
  const double p99 = f.positive("p99_s");
  if (p99 <= median)
    throw InputError(f.path_of("p99_s"), fmt::format("must exceed median_s ({}), got {}", median, p99));
  return LogNormal::from_median_p99(median, p99);
}

Distribution parse_empirical(JsonFields& f) {
  const auto& samples = f.required("samples_s");
  const auto path = f.path_of("samples_s");
  if (!samples.is_array() || samples.size() < 2) throw InputError(path, "expected an array of at least 2 durations");
  auto xs = non_negative_numbers(samples, path, "a duration >= 0 in seconds");
  std::sort(xs.begin(), xs.end());
  return Empirical{std::move(xs)};
}

Distribution parse_law(const nlohmann::json& j, const std::string& path, int mixture_depth);

// `depth`: how many mixtures this one is inside of.
Distribution parse_mixture(JsonFields& f, int depth) {
  if (depth >= limits::max_mixture_depth)
    throw InputError(f.path(), fmt::format("mixtures nested deeper than {}", limits::max_mixture_depth));
  const auto& components = f.required("components");
  const auto path = f.path_of("components");
  if (!components.is_array() || components.empty()) throw InputError(path, "expected a non-empty array");
  Mixture mixture;
  double total = 0;
  for (std::size_t i = 0; i < components.size(); ++i) {
    JsonFields part(components[i], index_path(path, i));
    const double weight = part.positive("weight");
    mixture.parts.push_back(parse_law(part.required("distribution"), part.path_of("distribution"), depth + 1));
    part.reject_unknown();
    mixture.weights.push_back(weight);
    total += weight;
  }
  for (auto& w : mixture.weights) w /= total;
  return mixture;
}

Distribution parse_law(const nlohmann::json& j, const std::string& path, int mixture_depth) {
  JsonFields f(j, path);
  const auto kind = f.text("kind");
  auto law = [&]() -> Distribution {
    if (kind == "constant") {
      const double value = f.number("value_s");
      if (value < 0) throw InputError(f.path_of("value_s"), fmt::format("must be >= 0, got {}", value));
      return Constant{value};
    }
    if (kind == "uniform") {
      const double lo = f.non_negative("min_s", 0.0);
      const double hi = f.positive("max_s");
      if (hi <= lo) throw InputError(f.path_of("max_s"), fmt::format("must exceed min_s ({}), got {}", lo, hi));
      return Uniform{lo, hi};
    }
    if (kind == "exponential") return Exponential{f.positive("mean_s")};
    if (kind == "lognormal") return parse_lognormal(f);
    if (kind == "gamma") return Gamma{f.positive("shape"), f.positive("scale_s")};
    if (kind == "weibull") return Weibull{f.positive("shape"), f.positive("scale_s")};
    if (kind == "empirical") return parse_empirical(f);
    if (kind == "mixture") return parse_mixture(f, mixture_depth);
    throw InputError(f.path_of("kind"),
                     "unknown distribution kind \"" + kind +
                         "\" (constant, uniform, exponential, lognormal, gamma, weibull, empirical, mixture)");
  }();
  f.reject_unknown();
  return law;
}

}  // namespace

Distribution parse_distribution(const nlohmann::json& j, const std::string& path) { return parse_law(j, path, 0); }

}  // namespace pollbench::sim
