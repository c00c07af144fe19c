#pragma once
// The strategy families `tune` searches, as data: for one model, each family's guide
// config, its grid of candidate configs, and the knobs the local search may move.

#include <string>
#include <vector>

#include "bench/tune/knob.hpp"
#include "sim/model_profile.hpp"

namespace pollbench::bench {

struct Family {
  std::string name;                                // as reported: a strategy kind
  nlohmann::ordered_json guide;                    // the guide's config it is measured against
  nlohmann::ordered_json start;                    // the guide's config in this family's terms:
                                                   // where the local search starts if no grid config fits
  std::vector<nlohmann::ordered_json> candidates;  // the grid, built from the model's law
  std::vector<Knob> knobs;
};

// fixed_interval, adaptive, exponential_backoff, server_hinted and optimal, in that order.
std::vector<Family> families_for(const sim::ModelProfile& model);

}  // namespace pollbench::bench
