// libFuzzer: any bytes as a result file, the way `report --in`, `merge` and `check
// --baseline` read one: the JSON parse with its limits, the strict result reader, the
// baseline's stricter rules, then every format `report` renders. What is read, written as
// JSON and read again must write the same bytes.

#include <cstdint>
#include <sstream>

#include "reports/baseline_check.hpp"
#include "reports/reporters.hpp"
#include "reports/result_reader.hpp"
#include "sim/input_error.hpp"
#include "sim/json_fields.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

using namespace pollbench;

namespace {

std::string json_of(const reports::RunResult& run) {
  std::ostringstream out;
  reports::JsonReporter{}.write(run, out);
  return out.str();
}

void render(const reports::RunResult& run) {
  std::ostringstream out;
  reports::TableReporter{}.write(run, out);
  reports::MarkdownReporter{}.write(run, out);
  reports::CsvReporter{}.write(run, out);
  reports::HtmlReporter{}.write(run, out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  nlohmann::json j;
  reports::RunResult run;
  try {
    j = sim::parse_json_text(fuzz::text_of(data, size), "fuzz");
    run = reports::parse_run_result(j, "fuzz");
  } catch (const InputError&) {
    return 0;
  }
  // From here on the input is pollbench's own: an InputError would be a bug, and escapes.
  const auto written = json_of(run);
  const auto again = reports::parse_run_result(sim::parse_json_text(written, "written"), "written");
  fuzz::require(json_of(again) == written, "a result read, written and read again writes the same");
  render(run);
  try {
    (void)reports::parse_baseline(j, "fuzz");
  } catch (const InputError&) {}
  return 0;
}
