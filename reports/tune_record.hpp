#pragma once
// What `pollbench tune` found: per model and strategy family, the guide's config and the
// best config under the user's constraints, each with its measured result.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "reports/result_record.hpp"

namespace pollbench::reports {

struct TunedFamily {
  std::string model;
  std::string family;               // a strategy kind
  nlohmann::ordered_json document;  // the guide's config, as a strategy entry
  ResultRecord document_result;
  nlohmann::ordered_json tuned;  // the best config found, as a strategy entry
  ResultRecord tuned_result;
  bool improved = false;  // fewer requests within the constraints
  std::size_t candidates = 0;
};

struct LawFit {
  std::string model;
  std::string law;  // e.g. "lognormal median 8.1 s, sigma 0.69"
  std::size_t samples = 0;
  double ks_statistic = 0;  // Kolmogorov-Smirnov distance of the fit to the samples
};

struct TuneResult {
  std::string scenario;
  std::uint64_t seed = 0;
  std::uint64_t tasks = 0;
  std::string constraints;  // as the user gave them, or "the guide's own p95 and false timeouts"
  std::vector<LawFit> fits;
  std::vector<TunedFamily> families;
  std::optional<Shard> shard;  // unit k, the k-th (model, family) in order, belongs to shard k mod N
};

}  // namespace pollbench::reports
