#pragma once
// The search for a family's cheapest config: its grid first, then a pattern search that
// scales one or two knobs at a time.

#include <functional>
#include <optional>
#include <vector>

#include "bench/tune/families.hpp"
#include "reports/result_record.hpp"

namespace pollbench::bench {

// Simulates configs, each on its own: for each, in order, its result when it meets the
// constraints, nothing when it does not. The search hands over every config it can judge
// at once (a grid, a round's neighbours), so they may be simulated in parallel.
using Measure = std::function<std::vector<std::optional<reports::ResultRecord>>(
    const std::vector<nlohmann::ordered_json>& configs)>;

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
