// libFuzzer: any bytes as a tune result, the way `merge` reads a tune's shards: the JSON
// parse with its limits, the key order kept, the strict tune reader, then the table and
// the getPollingConfig shape that `tune` writes. What is read, written as JSON and read
// again must write the same bytes.

#include <cstdint>
#include <sstream>

#include "reports/tune_reader.hpp"
#include "reports/tune_reporter.hpp"
#include "sim/input_error.hpp"
#include "sim/json_fields.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

using namespace pollbench;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::text_of(data, size);
  reports::TuneResult result;
  try {
    (void)sim::parse_json_text(text, "fuzz");  // refuses what is too deep or beyond a double
    result = reports::parse_tune_result(nlohmann::ordered_json::parse(text), "fuzz");
  } catch (const InputError&) {
    return 0;
  }
  // From here on the input is pollbench's own: an InputError would be a bug, and escapes.
  const auto written = reports::tune_json(result).dump(2);
  const auto again = reports::parse_tune_result(nlohmann::ordered_json::parse(written), "written");
  fuzz::require(reports::tune_json(again).dump(2) == written, "a tune read, written and read again writes the same");
  std::ostringstream out;
  reports::write_tune_table(result, out, false);
  reports::write_tune_table(result, out, true);
  out << reports::polling_config_json(result).dump(2);
  return 0;
}
