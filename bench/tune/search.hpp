#pragma once
// The search for a family's cheapest config: its grid first, then a pattern search that
// scales one or two knobs at a time.

#include <functional>
#include <optional>

#include "bench/tune/families.hpp"
#include "reports/result_record.hpp"

namespace pollbench::bench {

// Simulates a config: its result when it meets the constraints, nothing when it does not.
using Measure = std::function<std::optional<reports::ResultRecord>(const nlohmann::ordered_json& config)>;

struct Found {
  nlohmann::ordered_json config;
  std::optional<reports::ResultRecord> result;  // empty while no config has met the constraints
  double requests() const;                      // mean requests, infinite while empty
};

// The cheapest config that meets the constraints, the first measured at that cost; the
// family's start config with no result when none does. `after_grid_point` hears each
// grid config measured.
Found search(const Family& family, const Measure& measure, const std::function<void()>& after_grid_point);

}  // namespace pollbench::bench
