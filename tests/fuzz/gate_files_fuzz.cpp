// libFuzzer: any bytes as a budgets file and as a tolerances file, the way `check
// --budgets` and `check --tolerances` read them: the JSON parse with its limits, then
// each reader. What either accepts, written as JSON and read again, must be the same, and
// a run compared with itself under the tolerances must show no regression.

#include <cstdint>
#include <optional>

#include "reports/baseline_check.hpp"
#include "sim/input_error.hpp"
#include "sim/json_fields.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

using namespace pollbench;

namespace {

nlohmann::json budgets_json(const std::vector<reports::Budget>& budgets) {
  auto list = nlohmann::json::array();
  for (const auto& b : budgets) list.push_back({{"model", b.model}, {"strategy", b.strategy}, {"max", b.max}});
  return {{"budgets", list}};
}

void check_budgets(const nlohmann::json& j) {
  std::vector<reports::Budget> budgets;
  try {
    budgets = reports::parse_budgets(j, "fuzz");
  } catch (const InputError&) {
    return;
  }
  const auto again = reports::parse_budgets(budgets_json(budgets), "written");
  fuzz::require(again.size() == budgets.size(), "budgets read again are as many");
  for (std::size_t i = 0; i < again.size(); ++i)
    fuzz::require(again[i].model == budgets[i].model && again[i].strategy == budgets[i].strategy &&
                      again[i].max == budgets[i].max,
                  "a budget read, written and read again is the same");
}

void check_tolerances(const nlohmann::json& j) {
  auto tolerances = reports::Tolerances::defaults();
  try {
    tolerances.override_from(j, "fuzz");
  } catch (const InputError&) {
    return;
  }
  nlohmann::json written;
  for (const auto& [name, t] : tolerances.per_metric)
    written[name] = {{"relative", t.relative}, {"absolute", t.absolute}};
  auto again = reports::Tolerances::defaults();
  again.override_from(written, "written");
  for (const auto& [name, t] : tolerances.per_metric)
    fuzz::require(again.per_metric.at(name).relative == t.relative && again.per_metric.at(name).absolute == t.absolute,
                  "tolerances read, written and read again are the same");
  reports::RunResult run;
  auto& row = run.records.emplace_back();
  row.strategy = "adaptive";
  row.model = "sora-2";
  reports::CheckReport report;
  reports::compare_with_baseline(run, run, tolerances, report);
  fuzz::require(!report.failed(), "a run compared with itself has no regression");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::optional<nlohmann::json> j;
  try {
    j = sim::parse_json_text(fuzz::text_of(data, size), "fuzz");
  } catch (const InputError&) {
    return 0;
  }
  check_budgets(*j);
  check_tolerances(*j);
  return 0;
}
