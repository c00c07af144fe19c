// libFuzzer: any bytes as the trace CSV of `tune --trace`: the line reader, then the law
// fits applied to the default scenario. Every fitted law must be fit to tune with, and
// every rate and distance a fraction.

#include <cstdint>

#include "bench/tune/trace_fit.hpp"
#include "sim/input_error.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

using namespace pollbench;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto builtin = sim::default_scenario();
  auto scenario = builtin;
  std::vector<reports::LawFit> fits;
  try {
    fits = bench::apply_trace_text(scenario, fuzz::text_of(data, size), "fuzz.csv");
  } catch (const InputError&) {
    return 0;
  }
  fuzz::require(!fits.empty(), "a trace that is read fits at least one model");
  for (const auto& fit : fits) {
    fuzz::require(fit.ks_statistic >= 0 && fit.ks_statistic <= 1, "a KS distance is in [0, 1]");
    const auto* m = scenario.find_model(fit.model);
    fuzz::require(m != nullptr, "a fitted model is in the scenario");
    fuzz::require(m->failure.rate + m->hang_rate <= 1, "failure and hang rates add up to at most 1");
    fuzz::check_law(m->completion, m->key);
    fuzz::check_law(m->failure.time, m->key);
  }
  return 0;
}
