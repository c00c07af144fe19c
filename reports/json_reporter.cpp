#include <algorithm>
#include <nlohmann/json.hpp>

#include "reports/agreement.hpp"
#include "reports/metric_schema.hpp"
#include "reports/reporters.hpp"

namespace pollbench::reports {

namespace {
nlohmann::ordered_json summary_json(const Summary& s) {
  return {{"mean", s.mean}, {"p50", s.p50}, {"p95", s.p95}, {"p99", s.p99}, {"max", s.max}};
}

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
  j["target"] = l.target;
  j["time_scale"] = l.time_scale;
  j["wall_s"] = l.wall_s;
  j["status_requests"] = l.status_requests;
  j["connections"] = l.connections;
  j["requests_never_sent"] = l.requests_never_sent;
  j["round_trip_ms"] = summary_json(l.round_trip_ms);
  j["request_overhead_ms"] = summary_json(l.request_overhead_ms);
  j["scheduling_error_ms"] = summary_json(l.scheduling_error_ms);
  j["peak_tasks_in_flight"] = l.peak_tasks_in_flight;
  j["webhooks"] = {
      {"accepted", l.webhooks_accepted}, {"duplicates", l.webhook_duplicates}, {"rejected", l.webhooks_rejected}};
  j["partial"] = l.partial ? nlohmann::ordered_json(*l.partial) : nlohmann::ordered_json();
  j["unfinished_tasks"] = l.unfinished_tasks;
  j["sim_request_overhead_ms"] = l.sim_request_overhead_ms;
  auto& rows = j["agreement"] = nlohmann::ordered_json::array();
  for (const auto& a : l.agreement) {
    const auto optional = [](const std::optional<double>& v) {
      return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
    };
    rows.push_back({{"strategy", a.strategy},
                    {"model", a.model},
                    {"live_requests", a.live_requests},
                    {"sim_requests", a.sim_requests},
                    {"plain_sim_requests", a.plain_sim_requests},
                    {"live_detection_s", optional(a.live_detection_s)},
                    {"sim_detection_s", optional(a.sim_detection_s)},
                    {"plain_sim_detection_s", optional(a.plain_sim_detection_s)},
                    {"allowed_detection_s", a.allowed_detection_s},
                    {"requests_agree", a.requests_agree},
                    {"detection_agree", a.detection_agree},
                    {"noise", {{"requests", a.noise.requests}, {"detection_s", a.noise.detection_s}}},
                    {"fit", fit_name(fit_of(a))}});
  }
  return j;
}

}  // namespace

nlohmann::ordered_json record_json(const ResultRecord& r) {
  nlohmann::ordered_json j;
  j["strategy"] = r.strategy;
  j["model"] = r.model;
  for (const auto& m : metric_schema()) write_metric(m, r, j);
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
  if (run.live) doc["live"] = live_json(*run.live);
  out << doc.dump(2) << '\n';
}

}  // namespace pollbench::reports
