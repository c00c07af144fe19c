#include "bench/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace pollbench::bench {

namespace {

double nearest_rank(const std::vector<double>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

bool reported_truth(const TaskRecord& t) {
  return (t.truth == sim::Outcome::success && t.verdict == ClientVerdict::success) ||
         (t.truth == sim::Outcome::failed && t.verdict == ClientVerdict::failure);
}

}  // namespace

reports::Summary summarize(std::vector<double> values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  const double sum = std::accumulate(values.begin(), values.end(), 0.0);
  return {sum / static_cast<double>(values.size()), nearest_rank(values, 0.50), nearest_rank(values, 0.95),
          nearest_rank(values, 0.99), values.back()};
}

reports::ResultRecord measure(const std::string& strategy, const std::string& model, const PairOutcome& outcome) {
  reports::ResultRecord r;
  r.strategy = strategy;
  r.model = model;
  r.tasks = outcome.tasks.size();
  std::vector<double> requests, latency;
  requests.reserve(outcome.tasks.size());
  std::uint64_t timeouts = 0, false_timeouts = 0, lost = 0, errors = 0, wrong = 0;
  for (const auto& t : outcome.tasks) {
    requests.push_back(t.requests);
    const bool finishes = t.truth != sim::Outcome::hang;
    if (reported_truth(t)) latency.push_back(sim::seconds(t.known_at - t.terminal_at));
    timeouts += t.verdict == ClientVerdict::timeout;
    false_timeouts += t.verdict == ClientVerdict::timeout && finishes;
    lost += t.verdict == ClientVerdict::lost;
    errors += t.verdict == ClientVerdict::error;
    wrong += (t.verdict == ClientVerdict::failure && t.truth == sim::Outcome::success) ||
             (t.verdict == ClientVerdict::error && finishes);
  }
  const double n = std::max<double>(1.0, static_cast<double>(r.tasks));
  r.requests = summarize(std::move(requests));
  r.detected = latency.size();
  r.detection_latency_s = summarize(std::move(latency));
  r.timeout_rate = static_cast<double>(timeouts) / n;
  r.false_timeout_rate = static_cast<double>(false_timeouts) / n;
  r.lost_rate = static_cast<double>(lost) / n;
  r.error_rate = static_cast<double>(errors) / n;
  r.wrong_outcome_rate = static_cast<double>(wrong) / n;
  r.peak_rps = outcome.rate.peak();
  return r;
}

}  // namespace pollbench::bench
