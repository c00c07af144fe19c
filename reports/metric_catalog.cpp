#include "reports/metric_catalog.hpp"

namespace pollbench::reports {

const std::vector<Metric>& metric_catalog() {
  static const std::vector<Metric> catalog = {
      {"requests.mean", true, [](const ResultRecord& r) { return r.requests.mean; }},
      {"requests.p50", true, [](const ResultRecord& r) { return r.requests.p50; }},
      {"requests.p95", true, [](const ResultRecord& r) { return r.requests.p95; }},
      {"requests.p99", true, [](const ResultRecord& r) { return r.requests.p99; }},
      {"requests.max", true, [](const ResultRecord& r) { return r.requests.max; }},
      {"detection_latency_s.mean", true, [](const ResultRecord& r) { return r.detection_latency_s.mean; }},
      {"detection_latency_s.p50", true, [](const ResultRecord& r) { return r.detection_latency_s.p50; }},
      {"detection_latency_s.p95", true, [](const ResultRecord& r) { return r.detection_latency_s.p95; }},
      {"detection_latency_s.p99", true, [](const ResultRecord& r) { return r.detection_latency_s.p99; }},
      {"detection_latency_s.max", true, [](const ResultRecord& r) { return r.detection_latency_s.max; }},
      {"timeout_rate", true, [](const ResultRecord& r) { return r.timeout_rate; }},
      {"false_timeout_rate", true, [](const ResultRecord& r) { return r.false_timeout_rate; }},
      {"lost_rate", true, [](const ResultRecord& r) { return r.lost_rate; }},
      {"error_rate", true, [](const ResultRecord& r) { return r.error_rate; }},
      {"wrong_outcome_rate", true, [](const ResultRecord& r) { return r.wrong_outcome_rate; }},
      {"peak_rps", true, [](const ResultRecord& r) { return r.peak_rps; }},
      {"p99_rps", true, [](const ResultRecord& r) { return r.p99_rps; }},
      {"http_429", true, [](const ResultRecord& r) { return static_cast<double>(r.http_429); }},
  };
  return catalog;
}

const Metric* find_metric(const std::string& name) {
  for (const auto& m : metric_catalog())
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace pollbench::reports
