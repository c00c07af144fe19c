#pragma once
// `pollbench tune`: for each model and strategy family, searches configs in the
// simulator (the model's own law, faults and all) for the fewest mean requests within
// the constraints, and sets the guide's config beside it.

#include <functional>
#include <optional>
#include <vector>

#include "bench/run/parallel_map.hpp"
#include "reports/tune_record.hpp"
#include "sim/scenario.hpp"

namespace pollbench::bench {

using reports::TuneConstraints;

// With a shard, only that shard's (model, family) units are searched. The configs a
// search can judge at once are simulated on `threads` threads; the result is the same
// for any count.
reports::TuneResult tune(const sim::Scenario& scenario, const TuneConstraints& constraints,
                         const std::function<void(std::size_t, std::size_t)>& progress = {},
                         std::optional<reports::Shard> shard = std::nullopt, unsigned threads = all_cores());

// Joins the shards of one tune into exactly what the whole tune gives.
reports::TuneResult merge_tune_shards(const std::vector<reports::TuneResult>& shards);

}  // namespace pollbench::bench
