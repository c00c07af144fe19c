#include "reports/result_reader.hpp"

#include <fmt/format.h>


#include "sim/input_error.hpp"
#include "sim/json_fields.hpp"

namespace pollbench::reports {

namespace {

using sim::JsonFields;

std::vector<std::uint32_t> read_counts(const nlohmann::json& j, const std::string& path) {
  if (!j.is_array()) throw InputError(path, "expected an array of counts");
  std::vector<std::uint32_t> out;
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_number_integer() || j[i].get<std::int64_t>() < 0 || j[i].get<std::int64_t>() > UINT32_MAX)
      throw InputError(sim::index_path(path, i), "expected a whole number >= 0, got " + j[i].dump());
    out.push_back(j[i].get<std::uint32_t>());
  }
  return out;
}

Summary read_summary(JsonFields& parent, const std::string& key) {
  JsonFields f(parent.required(key), parent.path_of(key));
  Summary s{f.number("mean"), f.number("p50"), f.number("p95"), f.number("p99"), f.number("max")};
  f.reject_unknown();
  return s;
}

reports::Frontier read_frontier(const nlohmann::json& j, const std::string& path) {
  JsonFields f(j, path);
  Frontier frontier{f.text("model"), {}};
  const auto& points = f.required("delay_s_requests");
  if (!points.is_array()) throw InputError(f.path_of("delay_s_requests"), "expected an array of [delay_s, requests]");
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto pair = sim::non_negative_numbers(points[i], sim::index_path(f.path_of("delay_s_requests"), i), "a number >= 0");
    if (pair.size() != 2) throw InputError(sim::index_path(f.path_of("delay_s_requests"), i), "expected [delay_s, requests]");
    frontier.delay_s_requests.emplace_back(pair[0], pair[1]);
  }
  f.reject_unknown();
  return frontier;
}

}  // namespace

Shard read_shard(const nlohmann::json& j, const std::string& path) {
  JsonFields f(j, path);
  const auto count = f.count("count", 1), index = f.count("index", 0);
  if (count == 0 || index >= count || count > UINT32_MAX)
    throw InputError(path, fmt::format("index {} of {} is not a shard", index, count));
  f.reject_unknown();
  return Shard{static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(count)};
}

ResultRecord read_record(const nlohmann::json& j, const std::string& path) {
  JsonFields f(j, path);
  ResultRecord r;
  r.strategy = f.text("strategy");
  r.model = f.text("model");
  r.tasks = f.count("tasks", 0);
  r.requests = read_summary(f, "requests");
  r.detection_latency_s = read_summary(f, "detection_latency_s");
  r.detected = f.count("detected", 0);
  r.timeout_rate = f.probability("timeout_rate", 0);
  r.false_timeout_rate = f.probability("false_timeout_rate", 0);
  r.lost_rate = f.probability("lost_rate", 0);
  r.error_rate = f.probability("error_rate", 0);
  r.wrong_outcome_rate = f.probability("wrong_outcome_rate", 0);
  r.peak_rps = f.non_negative("peak_rps", 0);
  r.p99_rps = f.non_negative("p99_rps", 0);
  r.http_429 = f.count("http_429", 0);
  if (f.has("efficiency")) r.efficiency = f.number("efficiency");
  if (const auto* cdf = f.find("detection_latency_cdf_s")) r.detection_latency_cdf_s = sim::non_negative_numbers(*cdf, f.path_of("detection_latency_cdf_s"), "a number >= 0");
  if (const auto* rps = f.find("requests_per_second")) {
    JsonFields rf(*rps, f.path_of("requests_per_second"));
    r.requests_per_second.step_s = rf.positive("step_s");
    r.requests_per_second.peak = read_counts(rf.required("peak"), rf.path_of("peak"));
    rf.reject_unknown();
  }
  f.reject_unknown();
  return r;
}

RunResult parse_run_result(const nlohmann::json& j, const std::string& source) {
  try {
    JsonFields f(j, "");
    RunResult run;
    run.version = f.text("version");
    run.scenario = f.text("scenario");
    run.mode = f.text("mode");
    run.seed = f.count("seed", 0);
    if (const auto* shard = f.find("shard")) run.shard = read_shard(*shard, "shard");
    const auto& results = f.required("results");
    if (!results.is_array()) throw InputError("results", "expected an array of result records");
    for (std::size_t i = 0; i < results.size(); ++i)
      run.records.push_back(read_record(results[i], sim::index_path("results", i)));
    if (const auto* frontiers = f.find("frontiers")) {
      if (!frontiers->is_array()) throw InputError("frontiers", "expected an array");
      for (std::size_t i = 0; i < frontiers->size(); ++i) run.frontiers.push_back(read_frontier((*frontiers)[i], sim::index_path("frontiers", i)));
    }
    f.reject_unknown();
    return run;
  } catch (const InputError& e) {
    throw InputError(source + ": " + e.where(), e.reason());
  }
}

RunResult read_run_result(const std::string& file) { return parse_run_result(sim::read_json_file(file), file); }

}  // namespace pollbench::reports
