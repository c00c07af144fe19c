#include "reports/columns.hpp"

#include <algorithm>

#include "reports/metric_schema.hpp"

namespace pollbench::reports {

namespace {
bool any_nonzero(const RunResult& run, const Metric& m) {
  return std::any_of(run.records.begin(), run.records.end(), [&](const ResultRecord& r) {
    const auto v = m.value(r);
    return v && *v != 0;
  });
}

// The metrics with a column; a sparse one only when some row has a value other than 0.
std::vector<const Metric*> shown_metrics(const RunResult& run) {
  std::vector<const Metric*> shown;
  for (const auto& m : metric_schema())
    if (!m.header.empty() && (!m.sparse || any_nonzero(run, m))) shown.push_back(&m);
  return shown;
}
}  // namespace

std::vector<std::string> comparison_header(const RunResult& run) {
  std::vector<std::string> h = {"model", "strategy"};
  for (const auto* m : shown_metrics(run)) h.emplace_back(m->header);
  return h;
}

std::vector<std::string> comparison_row(const RunResult& run, const ResultRecord& r) {
  std::vector<std::string> row = {r.model, r.strategy};
  for (const auto* m : shown_metrics(run)) row.push_back(m->cell(r));
  return row;
}

}  // namespace pollbench::reports
