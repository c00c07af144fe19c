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

// What a tuned config must keep to. A limit the user did not give is the guide config's
// own figure, so that asking only for a p95 never buys requests with false timeouts.
struct TuneConstraints {
  std::optional<double> max_p95_delay_s;
  std::optional<double> max_false_timeout_rate;

  bool operator==(const TuneConstraints&) const = default;
};

// The search measures configs on the training tasks (`*_result`); the guide's config and
// the one found are then run again on fresh holdout tasks (`*_holdout`), where the
// constraints are judged anew.
struct TunedFamily {
  std::string model;
  std::string family;               // a strategy kind
  nlohmann::ordered_json document;  // the guide's config, as a strategy entry
  ResultRecord document_result;
  nlohmann::ordered_json tuned;  // the best config found, as a strategy entry
  ResultRecord tuned_result;
  bool improved = false;  // fewer requests within the constraints, on the training tasks
  std::size_t candidates = 0;
  ResultRecord document_holdout;
  ResultRecord tuned_holdout;
  bool holds_on_holdout = false;  // the tuned config keeps to the constraints on the holdout
  // The same against the model's own guide config (its getPollingConfig), which the
  // per-model verdict compares with.
  bool holds_against_model_guide = false;
  // Half the width of the 95% interval of the mean per-task difference in requests
  // between the model's own guide config (its getPollingConfig, the adaptive family's
  // guide) and the tuned config, on the same holdout tasks: fewer requests than the
  // guide's count only beyond it (a paired comparison).
  double saving_half_width = 0;

  // Whether the tuned config sends fewer requests than `model_guide` (that config's
  // holdout result) beyond what the sample alone could show.
  bool saves_on_holdout(const ResultRecord& model_guide) const {
    return model_guide.requests.mean - tuned_holdout.requests.mean > saving_half_width;
  }

  // The family's answer: the tuned config where it held on the holdout, else the guide's.
  const nlohmann::ordered_json& answer() const { return improved && holds_on_holdout ? tuned : document; }
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
  std::uint64_t holdout_seed = 0;  // of the fresh tasks every reported config is run again on
  std::uint64_t holdout_tasks = 0;
  TuneConstraints limits;   // as the user gave them
  std::string constraints;  // the limits in words, the guide's where none was given
  std::vector<LawFit> fits;
  std::vector<TunedFamily> families;
  std::optional<Shard> shard;  // unit k, the k-th (model, family) in order, belongs to shard k mod N
};

}  // namespace pollbench::reports
