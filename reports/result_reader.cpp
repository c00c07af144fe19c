#include "reports/result_reader.hpp"


#include "sim/input_error.hpp"
#include "sim/json_fields.hpp"

namespace pollbench::reports {

namespace {

using sim::JsonFields;

Summary read_summary(JsonFields& parent, const std::string& key) {
  JsonFields f(parent.required(key), parent.path_of(key));
  Summary s{f.number("mean"), f.number("p50"), f.number("p95"), f.number("p99"), f.number("max")};
  f.reject_unknown();
  return s;
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
  if (f.has("efficiency")) r.efficiency = f.number("efficiency");
  f.reject_unknown();
  return r;
}

}  // namespace

RunResult parse_run_result(const nlohmann::json& j, const std::string& source) {
  try {
    JsonFields f(j, "");
    RunResult run;
    run.version = f.text("version");
    run.scenario = f.text("scenario");
    run.mode = f.text("mode");
    run.seed = f.count("seed", 0);
    const auto& results = f.required("results");
    if (!results.is_array()) throw InputError("results", "expected an array of result records");
    for (std::size_t i = 0; i < results.size(); ++i)
      run.records.push_back(read_record(results[i], sim::index_path("results", i)));
    f.reject_unknown();
    return run;
  } catch (const InputError& e) {
    throw InputError(source + ": " + e.where(), e.reason());
  }
}

RunResult read_run_result(const std::string& file) { return parse_run_result(sim::read_json_file(file), file); }

}  // namespace pollbench::reports
