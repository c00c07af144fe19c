#include "reports/tune_verdicts.hpp"

#include <algorithm>

namespace pollbench::reports {

std::vector<ModelVerdict> verdicts_per_model(const TuneResult& r) {
  std::vector<ModelVerdict> verdicts;
  for (const auto& f : r.families) {
    if (f.family != "adaptive") continue;
    ModelVerdict v;
    v.document = &f;
    const auto& guide = f.document_holdout;
    for (const auto& other : r.families) {
      const auto& x = other.tuned_holdout;
      if (other.model != f.model || !other.improved || !other.holds_on_holdout || x.detected == 0) continue;
      if (x.requests.mean >= guide.requests.mean || !other.holds_against_model_guide) continue;
      if (!other.saves_on_holdout(guide)) {
        v.within_noise = true;
        continue;
      }
      if (!v.best || x.requests.mean < v.best->tuned_holdout.requests.mean) v.best = &other;
    }
    verdicts.push_back(v);
  }
  return verdicts;
}

bool within(const TuneConstraints& limits, const ResultRecord& x, const ResultRecord& guide) {
  return x.detection_latency_s.p95 <= limits.max_p95_delay_s.value_or(guide.detection_latency_s.p95) &&
         x.false_timeout_rate <= limits.max_false_timeout_rate.value_or(guide.false_timeout_rate);
}

bool guide_within(const TuneResult& result, const TunedFamily& family) {
  auto limit = family.document_result;
  for (const auto& g : result.families)
    if (g.model == family.model && g.family == "adaptive")
      limit.false_timeout_rate = std::min(limit.false_timeout_rate, g.document_result.false_timeout_rate);
  return within(result.limits, family.document_result, limit);
}

}  // namespace pollbench::reports
