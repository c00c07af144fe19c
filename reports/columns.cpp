#include "reports/columns.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "reports/units.hpp"

namespace pollbench::reports {

namespace {
bool any_429(const RunResult& run) {
  return std::any_of(run.records.begin(), run.records.end(), [](const auto& r) { return r.http_429 > 0; });
}

bool any_efficiency(const RunResult& run) {
  return std::any_of(run.records.begin(), run.records.end(), [](const auto& r) { return r.efficiency.has_value(); });
}
}  // namespace

std::vector<std::string> comparison_header(const RunResult& run) {
  std::vector<std::string> h = {"model",        "strategy", "req mean", "req p95",   "detect mean",
                                "detect p95",   "timeout",  "false t/o", "lost",     "wrong",
                                "peak rps"};
  if (any_429(run)) h.emplace_back("429s");
  if (any_efficiency(run)) h.emplace_back("efficiency");
  return h;
}

std::vector<std::string> comparison_row(const RunResult& run, const ResultRecord& r) {
  const bool detected = r.detected > 0;
  std::vector<std::string> row = {
      r.model,
      r.strategy,
      human_count(r.requests.mean),
      human_count(r.requests.p95),
      detected ? human_duration(r.detection_latency_s.mean) : "-",
      detected ? human_duration(r.detection_latency_s.p95) : "-",
      human_percent(r.timeout_rate),
      human_percent(r.false_timeout_rate),
      human_percent(r.lost_rate),
      human_percent(r.wrong_outcome_rate),
      human_count(r.peak_rps),
  };
  if (any_429(run)) row.push_back(fmt::format("{}", r.http_429));
  if (any_efficiency(run)) row.push_back(r.efficiency ? fmt::format("{:.2f}", *r.efficiency) : "-");
  return row;
}

}  // namespace pollbench::reports
