#include <fmt/format.h>

#include "reports/reporters.hpp"

namespace pollbench::reports {

namespace {
std::string summary_cells(const Summary& s) {
  return fmt::format("{},{},{},{},{}", s.mean, s.p50, s.p95, s.p99, s.max);
}
std::string quoted(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string q = "\"";
  for (char c : text) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}
}  // namespace

void CsvReporter::write(const RunResult& run, std::ostream& out) const {
  out << "strategy,model,tasks,"
         "requests_mean,requests_p50,requests_p95,requests_p99,requests_max,"
         "detection_latency_mean_s,detection_latency_p50_s,detection_latency_p95_s,detection_latency_p99_s,"
         "detection_latency_max_s,detected,timeout_rate,false_timeout_rate,lost_rate,error_rate,"
         "wrong_outcome_rate,peak_rps,p99_rps,http_429,efficiency\n";
  for (const auto& r : run.records) {
    out << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", quoted(r.strategy), quoted(r.model), r.tasks,
                       summary_cells(r.requests), summary_cells(r.detection_latency_s), r.detected, r.timeout_rate,
                       r.false_timeout_rate, r.lost_rate, r.error_rate, r.wrong_outcome_rate, r.peak_rps, r.p99_rps, r.http_429,
                       r.efficiency ? fmt::format("{}", *r.efficiency) : std::string{});
  }
}

}  // namespace pollbench::reports
