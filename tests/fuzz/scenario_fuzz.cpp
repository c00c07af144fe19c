// libFuzzer: any bytes as a scenario file, the whole way `run --scenario` reads one: the
// JSON parse with its depth and number limits, the scenario's fields and cross-field
// rules, then the strategy entries read into typed strategies (bench::Workload). What it
// accepts must be fit to run: every latency law samples and evaluates to sane times.

#include <cstdint>

#include "bench/run/workload.hpp"
#include "sim/input_error.hpp"
#include "sim/json_fields.hpp"
#include "sim/scenario.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

using namespace pollbench;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const bench::Workload workload(sim::parse_scenario(sim::parse_json_text(fuzz::text_of(data, size), "fuzz")));
    const auto& s = workload.scenario;
    fuzz::require(!s.models.empty() && !workload.entries.empty(), "a scenario has models and strategies");
    fuzz::require(s.clients_per_model >= 1 && s.clients_per_model <= s.tasks_per_model, "1 <= clients <= tasks");
    for (const auto& m : s.models) {
      for (const auto* law : {&m.completion, &m.queue, &m.failure.time, &m.response_time, &m.webhook.delay})
        fuzz::check_law(*law, m.key);
      fuzz::require(m.failure.rate + m.hang_rate <= 1 && m.faults.total() <= 1, "rates add up to at most 1");
    }
  } catch (const InputError&) {}
  return 0;
}
