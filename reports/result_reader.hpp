#pragma once
// Reads a result JSON (JsonReporter's output) back, strictly: what `report` and `check` load.

#include <nlohmann/json.hpp>
#include <string>

#include "reports/result_record.hpp"

namespace pollbench::reports {

// Throws InputError naming `source` and the JSON path of the first problem.
RunResult parse_run_result(const nlohmann::json& j, const std::string& source);
RunResult read_run_result(const std::string& file);

}  // namespace pollbench::reports
