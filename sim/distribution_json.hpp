#pragma once
// Reads a distribution from its scenario JSON form ({"kind": ..., parameters}).

#include <nlohmann/json.hpp>
#include <string>

#include "sim/distribution.hpp"

namespace pollbench::sim {

Distribution parse_distribution(const nlohmann::json& j, const std::string& path);

}  // namespace pollbench::sim
