#include "bench/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/percentile.hpp"

namespace pollbench::bench {

namespace {

using sim::nearest_rank;

bool reported_truth(const TaskRecord& t) {
  return (t.truth == sim::Outcome::success && t.verdict == ClientVerdict::success) ||
         (t.truth == sim::Outcome::failed && t.verdict == ClientVerdict::failure);
}

}  // namespace

reports::Summary summarize(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return summarize_sorted(values);
}

reports::Summary summarize_sorted(const std::vector<double>& sorted) {
  if (sorted.empty()) return {};
  const double sum = std::accumulate(sorted.begin(), sorted.end(), 0.0);
  return {sum / static_cast<double>(sorted.size()), nearest_rank(sorted, 0.50), nearest_rank(sorted, 0.95),
          nearest_rank(sorted, 0.99), sorted.back()};
}

std::vector<double> percentile_points(const std::vector<double>& sorted) {
  if (sorted.empty()) return {};
  std::vector<double> points;
  for (int p = 0; p <= 100; ++p) points.push_back(p == 0 ? sorted.front() : nearest_rank(sorted, p / 100.0));
  return points;
}

reports::RateSeries rate_series(const RateHistogram& rate) {
  constexpr std::size_t most_points = 240;
  const auto& bins = rate.bins();
  const std::size_t step = std::max<std::size_t>(1, (bins.size() + most_points - 1) / most_points);
  reports::RateSeries series{static_cast<double>(step * rate.width_s()), {}};
  for (std::size_t i = 0; i < bins.size(); i += step) {
    const auto most = *std::max_element(bins.begin() + static_cast<std::ptrdiff_t>(i),
                                        bins.begin() + static_cast<std::ptrdiff_t>(std::min(i + step, bins.size())));
    // Requests a second, rounded up: a bin wider than a second with any request shows it.
    const auto per_second = (most + rate.width_s() - 1) / rate.width_s();
    series.peak.push_back(static_cast<std::uint32_t>(std::min<std::uint64_t>(per_second, UINT32_MAX)));
  }
  return series;
}

namespace {

double three_standard_errors(const std::vector<double>& d) {
  if (d.size() < 2) return 0;
  const double n = static_cast<double>(d.size());
  double mean = 0, squares = 0;
  for (double x : d) mean += x / n;
  for (double x : d) squares += (x - mean) * (x - mean);
  return 3 * std::sqrt(squares / (n - 1) / n);
}

}  // namespace

reports::TimingNoise paired_noise(const PairOutcome& a, const PairOutcome& b) {
  std::vector<double> requests, detection;
  for (std::size_t i = 0; i < std::min(a.tasks.size(), b.tasks.size()); ++i) {
    const auto &x = a.tasks[i], &y = b.tasks[i];
    requests.push_back(x.request_cost - y.request_cost);
    if (reported_truth(x) && reported_truth(y)) detection.push_back(sim::seconds(x.known_at - y.known_at));
  }
  return {three_standard_errors(requests), three_standard_errors(detection)};
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
    requests.push_back(t.request_cost);
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
  std::sort(latency.begin(), latency.end());
  r.detected = latency.size();
  r.detection_latency_s = summarize_sorted(latency);
  r.detection_latency_cdf_s = percentile_points(latency);
  r.requests_per_second = rate_series(outcome.rate);
  r.timeout_rate = static_cast<double>(timeouts) / n;
  r.false_timeout_rate = static_cast<double>(false_timeouts) / n;
  r.lost_rate = static_cast<double>(lost) / n;
  r.error_rate = static_cast<double>(errors) / n;
  r.wrong_outcome_rate = static_cast<double>(wrong) / n;
  r.peak_rps = outcome.rate.peak();
  r.p99_rps = outcome.rate.p99();
  for (const auto& t : outcome.tasks) r.http_429 += t.http_429;
  return r;
}

}  // namespace pollbench::bench
