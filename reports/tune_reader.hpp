#pragma once
// Reads a tune result (tune_json's output) back, strictly: what `merge` joins shards of.

#include <nlohmann/json.hpp>
#include <string>

#include "reports/tune_record.hpp"

namespace pollbench::reports {

// Throws InputError naming `source`. Ordered, so the configs keep their keys' order and
// a merge reproduces the whole tune's bytes.
TuneResult parse_tune_result(const nlohmann::ordered_json& ordered, const std::string& source);

}  // namespace pollbench::reports
