#pragma once
// What `pollbench tune` prints and writes: the before-and-after table, tune.json and the
// guide's getPollingConfig shape.

#include <nlohmann/json.hpp>
#include <ostream>

#include "reports/tune_record.hpp"

namespace pollbench::reports {

// Before and after, one row per (model, family), then the per-model verdicts.
void write_tune_table(const TuneResult& result, std::ostream& out, bool markdown);
// The guide's getPollingConfig shape: {model: {initial, interval, max}} in ms, from the
// tuned adaptive family.
nlohmann::ordered_json polling_config_json(const TuneResult& result);
// Everything: fits, constraints, and every family's tuned strategy entry, loadable as the
// "strategies" of a scenario.
nlohmann::ordered_json tune_json(const TuneResult& result);

}  // namespace pollbench::reports
