#pragma once
// Per model, the guide's own config for it (its getPollingConfig, run by its adaptive
// poller) against the cheapest tuned config of any family within the constraints (the
// user's limits; the guide's own p95 detection latency and false-timeout rate where none
// was given), both as measured on the holdout tasks: what the tune table and tune.json
// conclude.

#include <vector>

#include "reports/tune_record.hpp"

namespace pollbench::reports {

// `best` is empty when no family qualifies.
struct ModelVerdict {
  const TunedFamily* document = nullptr;  // the adaptive family: its document_holdout
  const TunedFamily* best = nullptr;      // its tuned_holdout
  // A family held the constraints with fewer requests, but no more fewer than the sample
  // alone could show: "no significant difference" rather than "none qualifies".
  bool within_noise = false;
};

std::vector<ModelVerdict> verdicts_per_model(const TuneResult& result);

// Whether `x` keeps to the constraints, a limit not given being `guide`'s own figure.
bool within(const TuneConstraints& limits, const ResultRecord& x, const ResultRecord& guide);

// Whether a family's guide config keeps to the constraints the tuner held the family to:
// the user's limits, or its own figures, and for false timeouts, without a user limit,
// no more than the model's own guide config's (its adaptive family's guide).
bool guide_within(const TuneResult& result, const TunedFamily& family);

}  // namespace pollbench::reports
