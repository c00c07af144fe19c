#include "reports/tune_reader.hpp"

#include <cmath>
#include <fmt/format.h>

#include "reports/result_reader.hpp"
#include "sim/input_error.hpp"
#include "sim/json_fields.hpp"

namespace pollbench::reports {

namespace {

// An adaptive family's tuned entry carries the model's {initial_ms, interval_ms, max_ms},
// which polling_config_json reads.
void check_polling_config(const TunedFamily& t, const std::string& path) {
  const auto models = t.tuned.find("models");
  const auto config = models == t.tuned.end() || !models->is_object() ? models : models->find(t.model);
  const bool shaped = models != t.tuned.end() && models->is_object() && config != models->end() &&
                      config->is_object() && config->contains("initial_ms") && config->contains("interval_ms") &&
                      config->contains("max_ms");
  if (!shaped)
    throw InputError(path, fmt::format("expected models.{} with initial_ms, interval_ms and max_ms", t.model));
}

// The user's limits: each a number >= 0, or null where the guide's figure is the limit.
// A file written before limits were recorded has none.
TuneConstraints read_limits(const nlohmann::json& j, const std::string& path) {
  if (!j.is_object()) throw InputError(path, "expected an object");
  TuneConstraints limits;
  for (const auto& [key, value] : j.items()) {
    std::optional<double>* field = key == "max_p95_delay_s"          ? &limits.max_p95_delay_s
                                   : key == "max_false_timeout_rate" ? &limits.max_false_timeout_rate
                                                                     : nullptr;
    if (!field) throw InputError(path + "." + key, "unknown key (expected max_p95_delay_s, max_false_timeout_rate)");
    if (value.is_null()) continue;
    if (!value.is_number() || !(value.get<double>() >= 0) || !std::isfinite(value.get<double>()))
      throw InputError(path + "." + key, fmt::format("expected a number >= 0 or null, got {}", value.dump()));
    *field = value.get<double>();
  }
  return limits;
}

}  // namespace

TuneResult parse_tune_result(const nlohmann::ordered_json& ordered, const std::string& source) {
  try {
    const nlohmann::json j = ordered;
    sim::JsonFields f(j, "");
    TuneResult r;
    r.scenario = f.text("scenario");
    r.seed = f.count("seed", 0);
    r.tasks = f.count("tasks", 0);
    sim::JsonFields holdout(f.required("holdout"), "holdout");
    r.holdout_seed = holdout.count("seed", 0);
    r.holdout_tasks = holdout.count("tasks", 0);
    holdout.reject_unknown();
    r.constraints = f.text("constraints");
    if (const auto* limits = f.find("limits")) r.limits = read_limits(*limits, "limits");
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
      t.document_holdout = read_record(ff.required("document_holdout"), path + ".document_holdout");
      t.tuned_holdout = read_record(ff.required("tuned_holdout"), path + ".tuned_holdout");
      for (auto [key, flag] : {std::pair{"holds_on_holdout", &t.holds_on_holdout},
                               std::pair{"holds_against_model_guide", &t.holds_against_model_guide}}) {
        const auto& value = ff.required(key);
        if (!value.is_boolean()) throw InputError(ff.path_of(key), "expected true or false");
        *flag = value.get<bool>();
      }
      t.saving_half_width = ff.non_negative("saving_half_width", 0);
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
