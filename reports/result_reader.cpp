#include "reports/result_reader.hpp"

#include <fmt/format.h>

#include "reports/live_fields.hpp"
#include "reports/metric_schema.hpp"
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

// One metric of a record, bounded by its unit. A summary's statistics are required, its
// standard deviation never negative (the gate bounds the others, with its own message);
// a figure of its own defaults to 0, or to none when it is optional.
void read_metric(const Metric& m, JsonFields& f, const std::string& key, bool in_summary, ResultRecord& r) {
  with_field(m, r, [&](auto& slot) {
    using T = std::decay_t<decltype(slot)>;
    if constexpr (std::is_same_v<T, std::uint64_t>)
      slot = f.count(key, 0);
    else if constexpr (std::is_same_v<T, bool>)
      slot = f.flag(key, false);
    else if constexpr (std::is_same_v<T, std::optional<double>>) {
      if (f.has(key)) slot = f.number(key);
    } else if (in_summary) {
      slot = f.number(key);
      const bool spread = std::get<SummaryStatistic>(m.field).statistic == &Summary::sd;
      if (spread && slot < 0) throw InputError(f.path_of(key), fmt::format("must be >= 0, got {}", slot));
    } else if (m.unit == Unit::fraction)
      slot = f.probability(key, 0);
    else if (m.unit == Unit::per_second)
      slot = f.non_negative(key, 0);
    else
      slot = f.number(key, 0);
  });
}

// Every metric at its dotted name, in the schema's order; each summary's unknown keys
// are refused before the next figure is read.
void read_metrics(JsonFields& row, ResultRecord& r) {
  std::optional<JsonFields> summary;
  std::string open;
  for (const auto& m : metric_schema()) {
    const auto dot = m.name.find('.');
    const auto parent = dot == std::string_view::npos ? std::string() : std::string(m.name.substr(0, dot));
    if (parent != open) {
      if (summary) summary->reject_unknown();
      summary.reset();
      if (!parent.empty()) summary.emplace(row.required(parent), row.path_of(parent));
      open = parent;
    }
    const auto key = std::string(dot == std::string_view::npos ? m.name : m.name.substr(dot + 1));
    read_metric(m, summary ? *summary : row, key, summary.has_value(), r);
  }
  if (summary) summary->reject_unknown();
}

// A paired comparison; at most one per model, so no more than the run has rows.
PairedRequests read_paired(const nlohmann::json& j, const std::string& path) {
  JsonFields f(j, path);
  PairedRequests p{f.text("model"),
                   f.text("strategy"),
                   f.text("against"),
                   f.number("difference"),
                   f.non_negative("half_width95", 0),
                   f.count("tasks", 0)};
  f.reject_unknown();
  return p;
}

reports::Frontier read_frontier(const nlohmann::json& j, const std::string& path) {
  JsonFields f(j, path);
  Frontier frontier{f.text("model"), {}};
  const auto& points = f.required("delay_s_requests");
  if (!points.is_array()) throw InputError(f.path_of("delay_s_requests"), "expected an array of [delay_s, requests]");
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto pair =
        sim::non_negative_numbers(points[i], sim::index_path(f.path_of("delay_s_requests"), i), "a number >= 0");
    if (pair.size() != 2)
      throw InputError(sim::index_path(f.path_of("delay_s_requests"), i), "expected [delay_s, requests]");
    frontier.delay_s_requests.emplace_back(pair[0], pair[1]);
  }
  f.reject_unknown();
  return frontier;
}

LiveRun read_live(const nlohmann::json& j, const std::string& path) {
  JsonFields f(j, path);
  LiveRun l;
  read_fields(live_fields::head, f, l);
  read_object_fields(f, "webhooks", live_fields::webhooks, l);
  read_fields(live_fields::tail, f, l);
  const auto& rows = f.required("agreement");
  if (!rows.is_array()) throw InputError(f.path_of("agreement"), "expected an array");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    JsonFields row(rows[i], sim::index_path(f.path_of("agreement"), i));
    read_fields(live_fields::agreement, row, l.agreement.emplace_back());
    row.text("fit");  // derived from the rest
    row.reject_unknown();
  }
  f.reject_unknown();
  return l;
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
  read_metrics(f, r);
  // Derived from the figures just read, so only checked for its shape.
  if (const auto* ci = f.find("ci95"); ci && !ci->is_object())
    throw InputError(f.path_of("ci95"), "expected an object of [low, high] intervals, got " + ci->dump());
  if (const auto* cdf = f.find("detection_latency_cdf_s"))
    r.detection_latency_cdf_s = sim::non_negative_numbers(*cdf, f.path_of("detection_latency_cdf_s"), "a number >= 0");
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
    if (const auto* live = f.find("live")) run.live = read_live(*live, "live");
    if (const auto* partial = f.find("partial"); partial && !partial->is_boolean())
      throw InputError("partial", "expected true or false, got " + partial->dump());
    const auto& results = f.required("results");
    if (!results.is_array()) throw InputError("results", "expected an array of result records");
    for (std::size_t i = 0; i < results.size(); ++i)
      run.records.push_back(read_record(results[i], sim::index_path("results", i)));
    if (const auto* frontiers = f.find("frontiers")) {
      if (!frontiers->is_array()) throw InputError("frontiers", "expected an array");
      for (std::size_t i = 0; i < frontiers->size(); ++i)
        run.frontiers.push_back(read_frontier((*frontiers)[i], sim::index_path("frontiers", i)));
    }
    if (const auto* paired = f.find("paired_requests")) {
      if (!paired->is_array() || paired->size() > run.records.size())
        throw InputError("paired_requests", "expected an array of at most one comparison per result row");
      for (std::size_t i = 0; i < paired->size(); ++i)
        run.paired_requests.push_back(read_paired((*paired)[i], sim::index_path("paired_requests", i)));
    }
    f.reject_unknown();
    return run;
  } catch (const InputError& e) {
    throw InputError(source + ": " + e.where(), e.reason());
  }
}

RunResult read_run_result(const std::string& file) { return parse_run_result(sim::read_json_file(file), file); }

}  // namespace pollbench::reports
