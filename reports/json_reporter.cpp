#include <algorithm>
#include <nlohmann/json.hpp>

#include "reports/agreement.hpp"
#include "reports/confidence_interval.hpp"
#include "reports/live_fields.hpp"
#include "reports/metric_schema.hpp"
#include "reports/reporters.hpp"

namespace pollbench::reports {

namespace {
// At the metric's dotted name; an optional metric the row lacks is left out.
void write_metric(const Metric& m, const ResultRecord& r, nlohmann::ordered_json& j) {
  std::string pointer = "/" + std::string(m.name);
  std::replace(pointer.begin(), pointer.end(), '.', '/');
  with_field(m, r, [&](const auto& v) {
    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::optional<double>>) {
      if (v) j[nlohmann::ordered_json::json_pointer(pointer)] = *v;
    } else {
      j[nlohmann::ordered_json::json_pointer(pointer)] = v;
    }
  });
}

nlohmann::ordered_json live_json(const LiveRun& l) {
  nlohmann::ordered_json j;
  write_fields(live_fields::head, l, j);
  write_fields(live_fields::webhooks, l, j["webhooks"]);
  write_fields(live_fields::tail, l, j);
  auto& rows = j["agreement"] = nlohmann::ordered_json::array();
  for (const auto& a : l.agreement) {
    auto& row = rows.emplace_back();
    write_fields(live_fields::agreement, a, row);
    row["fit"] = fit_name(fit_of(a));
  }
  return j;
}

}  // namespace

nlohmann::ordered_json record_json(const ResultRecord& r) {
  nlohmann::ordered_json j;
  j["strategy"] = r.strategy;
  j["model"] = r.model;
  for (const auto& m : metric_schema()) write_metric(m, r, j);
  auto& intervals = j["ci95"] = nlohmann::ordered_json::object();
  for (const auto& m : metric_schema())
    if (has_interval(m)) {
      const auto ci = interval95(m, r);
      intervals[std::string(m.name)] = ci ? nlohmann::ordered_json{ci->low, ci->high} : nlohmann::ordered_json();
    }
  j["detection_latency_cdf_s"] = r.detection_latency_cdf_s;
  j["requests_per_second"] = {{"step_s", r.requests_per_second.step_s}, {"peak", r.requests_per_second.peak}};
  return j;
}

void JsonReporter::write(const RunResult& run, std::ostream& out) const {
  nlohmann::ordered_json doc;
  doc["version"] = run.version;
  doc["scenario"] = run.scenario;
  doc["mode"] = run.mode;
  doc["seed"] = run.seed;
  if (run.live) doc["partial"] = run.live->partial.has_value();
  if (run.shard) doc["shard"] = {{"index", run.shard->index}, {"count", run.shard->count}};
  auto& results = doc["results"] = nlohmann::ordered_json::array();
  for (const auto& r : run.records) results.push_back(record_json(r));
  auto& frontiers = doc["frontiers"] = nlohmann::ordered_json::array();
  for (const auto& f : run.frontiers)
    frontiers.push_back({{"model", f.model}, {"delay_s_requests", f.delay_s_requests}});
  if (!run.paired_requests.empty()) {
    auto& paired = doc["paired_requests"] = nlohmann::ordered_json::array();
    for (const auto& p : run.paired_requests)
      paired.push_back({{"model", p.model},
                        {"strategy", p.strategy},
                        {"against", p.against},
                        {"difference", p.difference},
                        {"half_width95", p.half_width95},
                        {"tasks", p.tasks}});
  }
  if (run.live) doc["live"] = live_json(*run.live);
  out << doc.dump(2) << '\n';
}

}  // namespace pollbench::reports
