#pragma once
// What `pollbench tune` found: per model and strategy family, the guide's config and the
// best config under the user's constraints, each with its measured result.

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "reports/result_record.hpp"

namespace pollbench::reports {

struct TunedFamily {
  std::string model;
  std::string family;                // a strategy kind
  nlohmann::ordered_json document;   // the guide's config, as a strategy entry
  ResultRecord document_result;
  nlohmann::ordered_json tuned;      // the best config found, as a strategy entry
  ResultRecord tuned_result;
  bool improved = false;             // fewer requests within the constraints
  std::size_t candidates = 0;
};

struct LawFit {
  std::string model;
  std::string law;          // e.g. "lognormal median 8.1 s, sigma 0.69"
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

// Per model, the guide's own config for it (its getPollingConfig, run by its adaptive
// poller) against the cheapest tuned config of any family with no higher p95 detection
// latency and no more false timeouts. `best` is empty when no family qualifies.
struct ModelVerdict {
  const TunedFamily* document = nullptr;  // the adaptive family: its document_result
  const TunedFamily* best = nullptr;      // its tuned_result
};
std::vector<ModelVerdict> verdicts_per_model(const TuneResult& result);

// Before and after, one row per (model, family), then the per-model verdicts.
void write_tune_table(const TuneResult& result, std::ostream& out, bool markdown);
// The guide's getPollingConfig shape: {model: {initial, interval, max}} in ms, from the
// tuned adaptive family.
nlohmann::ordered_json polling_config_json(const TuneResult& result);
// Everything: fits, constraints, and every family's tuned strategy entry, loadable as the
// "strategies" of a scenario.
nlohmann::ordered_json tune_json(const TuneResult& result);
// Reads tune_json's output back, strictly; throws InputError naming `source`. Ordered,
// so the configs keep their keys' order and a merge reproduces the whole tune's bytes.
TuneResult parse_tune_result(const nlohmann::ordered_json& ordered, const std::string& source);

}  // namespace pollbench::reports
