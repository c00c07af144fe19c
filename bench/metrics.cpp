#include "bench/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "reports/confidence_interval.hpp"
#include "sim/percentile.hpp"

namespace pollbench::bench {

namespace {

using sim::nearest_rank;

bool reported_truth(const TaskRecord& t) {
  return (t.truth == sim::Outcome::success && t.verdict == ClientVerdict::success) ||
         (t.truth == sim::Outcome::failed && t.verdict == ClientVerdict::failure);
}

}  // namespace

namespace {

// With n - 1 in the denominator; 0 for fewer than two values.
double sample_standard_deviation(const std::vector<double>& values) {
  if (values.size() < 2) return 0;
  const double n = static_cast<double>(values.size());
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double squares = 0;
  for (double x : values) squares += (x - mean) * (x - mean);
  return std::sqrt(squares / (n - 1));
}

}  // namespace

reports::Summary summarize(std::vector<double> values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  const double sum = std::accumulate(values.begin(), values.end(), 0.0);
  return {sum / static_cast<double>(values.size()),
          nearest_rank(values, 0.50),
          nearest_rank(values, 0.95),
          nearest_rank(values, 0.99),
          values.back(),
          sample_standard_deviation(values)};
}

reports::RateSeries rate_series(const RateHistogram& rate) {
  constexpr std::size_t most_points = 240;
  // Up to the last request: the empty bins after it say nothing, and how many there are
  // depends on the order the requests were counted in (RateHistogram::merge).
  const auto& all = rate.bins();
  const auto last = std::find_if(all.rbegin(), all.rend(), [](auto b) { return b > 0; }).base();
  const std::vector<std::uint64_t> bins(all.begin(), last);
  if (bins.empty()) return {static_cast<double>(rate.width_s()), {}};
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

double standard_error(const std::vector<double>& d) {
  return d.size() < 2 ? 0 : sample_standard_deviation(d) / std::sqrt(static_cast<double>(d.size()));
}

}  // namespace

reports::TimingNoise paired_noise(const PairOutcome& a, const PairOutcome& b) {
  std::vector<double> requests, detection;
  for (std::size_t i = 0; i < std::min(a.tasks.size(), b.tasks.size()); ++i) {
    const auto &x = a.tasks[i], &y = b.tasks[i];
    requests.push_back(x.request_cost - y.request_cost);
    if (reported_truth(x) && reported_truth(y)) detection.push_back(sim::seconds(x.known_at - y.known_at));
  }
  return {3 * standard_error(requests), 3 * standard_error(detection)};
}

bool more_false_timeouts(const PairOutcome& a, const PairOutcome& b) {
  const auto false_timeout = [](const TaskRecord& t) {
    return t.verdict == ClientVerdict::timeout && t.truth != sim::Outcome::hang;
  };
  double only_a = 0, only_b = 0;
  for (std::size_t i = 0; i < std::min(a.tasks.size(), b.tasks.size()); ++i) {
    const bool x = false_timeout(a.tasks[i]), y = false_timeout(b.tasks[i]);
    only_a += x && !y;
    only_b += y && !x;
  }
  return only_a - only_b > reports::z95 * std::sqrt(only_a + only_b);
}

reports::PairedRequests paired_requests(const PairOutcome& a, const PairOutcome& b) {
  std::vector<double> difference;
  for (std::size_t i = 0; i < std::min(a.tasks.size(), b.tasks.size()); ++i)
    difference.push_back(a.tasks[i].request_cost - b.tasks[i].request_cost);
  reports::PairedRequests out;
  out.tasks = difference.size();
  if (!difference.empty())
    out.difference =
        std::accumulate(difference.begin(), difference.end(), 0.0) / static_cast<double>(difference.size());
  out.half_width95 = reports::z95 * standard_error(difference);
  return out;
}

namespace {

constexpr double request_unit = 0x1p32;  // a request, in the tally's units
constexpr double microseconds_per_second = 1e6;

reports::Summary summary_of(const ValueHistogram& h, double unit) {
  constexpr double shares[] = {0.50, 0.95, 0.99, 1.0};
  const auto q = h.quantiles(shares);
  return {h.mean() / unit, q[0] / unit, q[1] / unit, q[2] / unit, q[3] / unit, h.standard_deviation() / unit};
}

// Detection latency at 0%, 1%, ..., 100%, for the charts.
std::vector<double> percentile_points(const ValueHistogram& h, double unit) {
  std::vector<double> shares;
  for (int p = 0; p <= 100; ++p) shares.push_back(p / 100.0);
  auto points = h.quantiles(shares);
  for (auto& x : points) x /= unit;
  return points;
}

}  // namespace

void RowTally::add(const TaskRecord& t) {
  ++tasks_;
  lookups_ += t.requests;
  // In whole milliseconds: 10 million tasks of 30 days each stay within 64 bits.
  const auto ms = [](sim::Duration d) { return static_cast<std::uint64_t>((d.count() + 500) / 1000); };
  if (t.verdict == ClientVerdict::timeout && t.requests > 0) {
    ++polled_timeouts_;
    last_answers_ms_ += ms(t.last_answer_at);
  }
  // Whole requests (a task's own, not shares of batches) need no rounding.
  const bool whole = t.request_cost == static_cast<double>(t.requests);
  requests_.add(whole ? static_cast<std::uint64_t>(request_unit) * t.requests
                      : static_cast<std::uint64_t>(std::llround(t.request_cost * request_unit)));
  const bool finishes = t.truth != sim::Outcome::hang;
  if (reported_truth(t)) in_flight_ms_ += ms(t.in_flight_after_end);
  if (reported_truth(t))
    latency_.add(static_cast<std::uint64_t>(std::max<std::int64_t>(0, (t.known_at - t.terminal_at).count())));
  timeouts_ += t.verdict == ClientVerdict::timeout;
  false_timeouts_ += t.verdict == ClientVerdict::timeout && finishes;
  lost_ += t.verdict == ClientVerdict::lost;
  errors_ += t.verdict == ClientVerdict::error;
  wrong_ += (t.verdict == ClientVerdict::failure && t.truth == sim::Outcome::success) ||
            (t.verdict == ClientVerdict::error && finishes);
  http_429_ += t.http_429;
  connection_us_ += t.connection_us;
  bytes_ += t.bytes;
}

void RowTally::merge(const RowTally& other) {
  tasks_ += other.tasks_;
  lookups_ += other.lookups_;
  in_flight_ms_ += other.in_flight_ms_;
  polled_timeouts_ += other.polled_timeouts_;
  last_answers_ms_ += other.last_answers_ms_;
  timeouts_ += other.timeouts_;
  false_timeouts_ += other.false_timeouts_;
  lost_ += other.lost_;
  errors_ += other.errors_;
  wrong_ += other.wrong_;
  http_429_ += other.http_429_;
  connection_us_ += other.connection_us_;
  bytes_ += other.bytes_;
  requests_.merge(other.requests_);
  latency_.merge(other.latency_);
}

reports::ResultRecord RowTally::record(const std::string& strategy, const std::string& model,
                                       const RateHistogram& rate) const {
  reports::ResultRecord r;
  r.strategy = strategy;
  r.model = model;
  r.tasks = tasks_;
  const double n = std::max<double>(1.0, static_cast<double>(tasks_));
  r.requests = summary_of(requests_, request_unit);
  r.detected = latency_.count();
  r.detection_latency_s = summary_of(latency_, microseconds_per_second);
  if (r.detected > 0) r.detection_latency_cdf_s = percentile_points(latency_, microseconds_per_second);
  r.requests_per_second = rate_series(rate);
  r.timeout_rate = static_cast<double>(timeouts_) / n;
  r.false_timeout_rate = static_cast<double>(false_timeouts_) / n;
  r.lost_rate = static_cast<double>(lost_) / n;
  r.error_rate = static_cast<double>(errors_) / n;
  r.wrong_outcome_rate = static_cast<double>(wrong_) / n;
  r.peak_rps = rate.peak();
  r.p99_rps = rate.p99();
  r.http_429 = http_429_;
  r.connection_s = static_cast<double>(connection_us_) / microseconds_per_second / n;
  r.bytes = static_cast<double>(bytes_) / n;
  r.peak_connections = rate.peak_connections();
  return r;
}

PollingEffort RowTally::effort() const {
  const auto mean_s = [](std::uint64_t sum_ms, std::uint64_t n) {
    return sim::Seconds{static_cast<double>(sum_ms) / static_cast<double>(n) / 1000};
  };
  PollingEffort e;
  if (const auto seen_through = latency_.count() + timeouts_; seen_through > 0)
    e.lookups_per_task_seen_through = static_cast<double>(lookups_) / static_cast<double>(seen_through);
  if (latency_.count() > 0) e.in_flight_after_end = mean_s(in_flight_ms_, latency_.count());
  if (polled_timeouts_ > 0) e.last_answer_before_giving_up = mean_s(last_answers_ms_, polled_timeouts_);
  return e;
}

void PairTally::merge(const PairTally& other) {
  tally.merge(other.tally);
  rate.merge(other.rate);
}

RowTally tally_of(const PairOutcome& outcome) {
  RowTally tally;
  for (const auto& t : outcome.tasks) tally.add(t);
  return tally;
}

reports::ResultRecord measure(const std::string& strategy, const std::string& model, const PairOutcome& outcome) {
  return tally_of(outcome).record(strategy, model, outcome.rate);
}

reports::ResultRecord measure(const std::string& strategy, const std::string& model, const PairTally& part) {
  return part.tally.record(strategy, model, part.rate);
}

}  // namespace pollbench::bench
