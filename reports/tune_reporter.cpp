#include <fmt/format.h>

#include "reports/text_table.hpp"
#include "reports/tune_record.hpp"
#include "reports/reporters.hpp"
#include "reports/result_reader.hpp"
#include "reports/units.hpp"
#include "sim/input_error.hpp"
#include "sim/json_fields.hpp"

namespace pollbench::reports {

namespace {

std::string config_text(const nlohmann::ordered_json& config) {
  std::string text;
  for (const auto& [key, value] : config.items()) {
    if (key == "kind" || key == "name") continue;
    if (!text.empty()) text += ", ";
    text += key + "=" + value.dump();
  }
  return text.empty() ? "(defaults)" : text;
}

// An adaptive family's tuned entry carries the model's {initial_ms, interval_ms, max_ms},
// which polling_config_json reads.
void check_polling_config(const TunedFamily& t, const std::string& path) {
  const auto models = t.tuned.find("models");
  const auto config = models == t.tuned.end() || !models->is_object() ? models : models->find(t.model);
  const bool shaped = models != t.tuned.end() && models->is_object() && config != models->end() && config->is_object() &&
                      config->contains("initial_ms") && config->contains("interval_ms") && config->contains("max_ms");
  if (!shaped) throw InputError(path, fmt::format("expected models.{} with initial_ms, interval_ms and max_ms", t.model));
}

std::string fewer_requests(const ModelVerdict& v) {
  if (!v.best) return "-";
  const double ratio = v.best->tuned_result.requests.mean / v.document->document_result.requests.mean;
  return fmt::format("{:.1f}%", (1 - ratio) * 100);
}

}  // namespace

std::vector<ModelVerdict> verdicts_per_model(const TuneResult& r) {
  std::vector<ModelVerdict> verdicts;
  for (const auto& f : r.families) {
    if (f.family != "adaptive") continue;
    ModelVerdict v{&f, nullptr};
    const auto& guide = f.document_result;
    for (const auto& other : r.families) {
      const auto& x = other.tuned_result;
      if (other.model != f.model || !other.improved || x.detected == 0) continue;
      if (x.requests.mean >= guide.requests.mean || x.detection_latency_s.p95 > guide.detection_latency_s.p95 ||
          x.false_timeout_rate > guide.false_timeout_rate)
        continue;
      if (!v.best || x.requests.mean < v.best->tuned_result.requests.mean) v.best = &other;
    }
    verdicts.push_back(v);
  }
  return verdicts;
}

void write_tune_table(const TuneResult& r, std::ostream& out, bool markdown) {
  out << fmt::format("{}Tuned on scenario \"{}\", seed {}, {} tasks per candidate; constraints: {}.\n\n",
                     markdown ? "" : "pollbench tune: ", r.scenario, r.seed, r.tasks, r.constraints);
  for (const auto& fit : r.fits)
    out << fmt::format("fit {}: {} from {} durations, KS distance {:.3f}\n", fit.model, fit.law, fit.samples, fit.ks_statistic);
  if (!r.fits.empty()) out << '\n';
  const std::vector<std::string> header = {"model", "family", "config", "req mean", "detect p95", "false t/o", "wrong",
                                           "efficiency"};
  auto cells = [](const std::string& model, const std::string& family, const std::string& config, const ResultRecord& x) {
    return std::vector<std::string>{model,
                                    family,
                                    config,
                                    human_count(x.requests.mean),
                                    human_duration(x.detection_latency_s.p95),
                                    human_percent(x.false_timeout_rate),
                                    human_percent(x.wrong_outcome_rate),
                                    x.efficiency ? fmt::format("{:.2f}", *x.efficiency) : "-"};
  };
  TextTable table{header, {}, 3, {}, false};
  for (const auto& f : r.families) {
    table.rows.push_back(cells(f.model, f.family, "guide: " + config_text(f.document), f.document_result));
    table.rows.push_back(cells(f.model, f.family,
                               (f.improved ? "tuned: " : "kept (nothing better): ") + config_text(f.tuned), f.tuned_result));
    table.break_before.push_back(!table.break_before.empty());  // a blank line between families
    table.break_before.push_back(false);
  }
  if (markdown) write_markdown(table, out);
  else write_aligned(table, out);

  const auto verdicts = verdicts_per_model(r);
  if (verdicts.empty()) return;
  out << "\nPer model: the guide's config for it (adaptive) against the cheapest tuned config with no higher p95 "
         "detection latency and no more false timeouts.\n\n";
  TextTable summary{{"model", "best tuned", "req mean", "guide req mean", "fewer requests", "detect p95",
                     "guide detect p95", "false t/o", "guide false t/o"},
                    {}, 2, {}, true};
  for (const auto& v : verdicts) {
    const auto& guide = v.document->document_result;
    const auto* best = v.best ? &v.best->tuned_result : nullptr;
    summary.rows.push_back({v.document->model,
                            v.best ? v.best->family + ": " + config_text(v.best->tuned) : "none qualifies",
                            best ? human_count(best->requests.mean) : "-", human_count(guide.requests.mean),
                            fewer_requests(v), best ? human_duration(best->detection_latency_s.p95) : "-",
                            human_duration(guide.detection_latency_s.p95),
                            best ? human_percent(best->false_timeout_rate) : "-", human_percent(guide.false_timeout_rate)});
  }
  if (markdown) write_markdown(summary, out);
  else write_aligned(summary, out);
}

nlohmann::ordered_json polling_config_json(const TuneResult& r) {
  nlohmann::ordered_json configs = nlohmann::ordered_json::object();
  for (const auto& f : r.families) {
    if (f.family != "adaptive") continue;
    const auto& c = f.tuned.at("models").at(f.model);
    configs[f.model] = {{"initial", c.at("initial_ms")}, {"interval", c.at("interval_ms")}, {"max", c.at("max_ms")}};
  }
  return configs;
}

nlohmann::ordered_json tune_json(const TuneResult& r) {
  nlohmann::ordered_json doc;
  doc["scenario"] = r.scenario;
  doc["seed"] = r.seed;
  doc["tasks"] = r.tasks;
  doc["constraints"] = r.constraints;
  auto& fits = doc["fits"] = nlohmann::ordered_json::array();
  for (const auto& f : r.fits)
    fits.push_back({{"model", f.model}, {"law", f.law}, {"samples", f.samples}, {"ks_statistic", f.ks_statistic}});
  if (r.shard) doc["shard"] = {{"index", r.shard->index}, {"count", r.shard->count}};
  doc["getPollingConfig"] = polling_config_json(r);
  auto& strategies = doc["strategies"] = nlohmann::ordered_json::array();
  for (const auto& f : r.families) {
    auto entry = f.tuned;
    entry["name"] = f.family + "-tuned-" + f.model;
    strategies.push_back(entry);
  }
  auto& verdicts = doc["per_model"] = nlohmann::ordered_json::array();
  for (const auto& v : verdicts_per_model(r)) {
    nlohmann::ordered_json entry = {{"model", v.document->model}, {"guide", v.document->document}};
    entry["best"] = v.best ? v.best->tuned : nlohmann::ordered_json();
    entry["best_family"] = v.best ? nlohmann::ordered_json(v.best->family) : nlohmann::ordered_json();
    verdicts.push_back(entry);
  }
  auto& families = doc["families"] = nlohmann::ordered_json::array();
  for (const auto& f : r.families)
    families.push_back({{"model", f.model}, {"family", f.family}, {"document", f.document},
                        {"document_result", record_json(f.document_result)}, {"tuned", f.tuned},
                        {"tuned_result", record_json(f.tuned_result)}, {"improved", f.improved},
                        {"candidates", f.candidates}});
  return doc;
}

TuneResult parse_tune_result(const nlohmann::ordered_json& ordered, const std::string& source) {
  try {
    const nlohmann::json j = ordered;
    sim::JsonFields f(j, "");
    TuneResult r;
    r.scenario = f.text("scenario");
    r.seed = f.count("seed", 0);
    r.tasks = f.count("tasks", 0);
    r.constraints = f.text("constraints");
    const auto& fits = f.required("fits");
    if (!fits.is_array()) throw InputError("fits", "expected an array");
    for (std::size_t i = 0; i < fits.size(); ++i) {
      sim::JsonFields ff(fits[i], sim::index_path("fits", i));
      r.fits.push_back({ff.text("model"), ff.text("law"), ff.count("samples", 0), ff.non_negative("ks_statistic", 0)});
      ff.reject_unknown();
    }
    if (const auto* shard = f.find("shard")) r.shard = read_shard(*shard, "shard");
    f.find("getPollingConfig");
    f.find("strategies");  // derived from the families
    f.find("per_model");   // derived too
    const auto& families = f.required("families");
    if (!families.is_array()) throw InputError("families", "expected an array");
    for (std::size_t i = 0; i < families.size(); ++i) {
      const auto path = sim::index_path("families", i);
      sim::JsonFields ff(families[i], path);
      TunedFamily t;
      t.model = ff.text("model");
      t.family = ff.text("family");
      ff.required("document");
      t.document = ordered.at("families").at(i).at("document");
      t.document_result = read_record(ff.required("document_result"), path + ".document_result");
      ff.required("tuned");
      t.tuned = ordered.at("families").at(i).at("tuned");
      t.tuned_result = read_record(ff.required("tuned_result"), path + ".tuned_result");
      t.improved = ff.required("improved").get<bool>();
      t.candidates = ff.count("candidates", 0);
      ff.reject_unknown();
      if (t.family == "adaptive") check_polling_config(t, path + ".tuned");
      r.families.push_back(std::move(t));
    }
    f.reject_unknown();
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(source, std::string("malformed tune result: ") + e.what());
  } catch (const InputError& e) {
    throw InputError(source + ": " + e.where(), e.reason());
  }
}

}  // namespace pollbench::reports
