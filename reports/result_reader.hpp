#pragma once
// Reads a result JSON (JsonReporter's output) back, strictly: what `report` and `check` load.

#include <nlohmann/json.hpp>
#include <string>

#include "reports/result_record.hpp"

namespace pollbench::reports {

// Throws InputError naming `source` and the JSON path of the first problem.
RunResult parse_run_result(const nlohmann::json& j, const std::string& source);
RunResult read_run_result(const std::string& file);
// A shard's {index, count}, checked to be one of N.
Shard read_shard(const nlohmann::json& j, const std::string& path);
// One record as record_json writes it; `path` names it in errors.
ResultRecord read_record(const nlohmann::json& j, const std::string& path);

}  // namespace pollbench::reports
