#pragma once
// The guide's basicPoll in a one-model scenario, and its exact expectations: what the
// simulator's figures, and their intervals, are checked against.

#include <cmath>
#include <nlohmann/json.hpp>

#include "sim/scenario.hpp"

namespace pollbench::testing {

// A scenario with one model and the document's basicPoll, no faults unless asked.
inline sim::Scenario one_model(const nlohmann::json& completion, double response_s, std::uint64_t tasks,
                               nlohmann::json strategy = {}, std::uint64_t seed = 99) {
  if (strategy.is_null()) strategy = {{"kind", "fixed_interval"}};
  return sim::parse_scenario({
      {"seed", seed},
      {"tasks_per_model", tasks},
      {"models",
       {{{"name", "m"},
         {"completion", completion},
         {"response_time", {{"kind", "constant"}, {"value_s", response_s}}}}}},
      {"strategies", {strategy}},
  });
}

// Exact expectations of basicPoll (interval I, latency c, M attempts, polls at k(I + c))
// for a law given by its cdf F and partial first moment M1(t) = E[T 1{T <= t}].
struct Exact {
  double requests, latency, timeout;
};
template <class Cdf, class PartialMean>
Exact basic_poll_exact(Cdf F, PartialMean M1, double I, double c, int M) {
  double requests = 1, delay = 0;
  auto s = [&](int k) { return k * (I + c); };
  for (int k = 1; k < M; ++k) requests += 1 - F(s(k - 1));
  for (int k = 1; k < M; ++k) delay += (s(k) + c) * (F(s(k)) - F(s(k - 1))) - (M1(s(k)) - M1(s(k - 1)));
  const double detected = F(s(M - 1));
  return {requests, delay / detected, 1 - detected};
}

// basicPoll (interval 3 s, 60 attempts, latency c) on a lognormal law.
inline Exact basic_poll_exact_lognormal(double median_s, double sigma, double c) {
  const double mu = std::log(median_s);
  auto Phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  auto F = [&](double t) { return t <= 0 ? 0.0 : Phi((std::log(t) - mu) / sigma); };
  auto M1 = [&](double t) {
    return t <= 0 ? 0.0 : std::exp(mu + sigma * sigma / 2) * Phi((std::log(t) - mu - sigma * sigma) / sigma);
  };
  return basic_poll_exact(F, M1, 3.0, c, 60);
}

}  // namespace pollbench::testing
