#include <fmt/format.h>

#include "reports/text_table.hpp"
#include "reports/tune_record.hpp"
#include "reports/units.hpp"

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

}  // namespace

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
}

nlohmann::ordered_json polling_config_json(const TuneResult& r) {
  nlohmann::ordered_json configs = nlohmann::ordered_json::object();
  for (const auto& f : r.families) {
    if (f.family != "adaptive") continue;
    const auto& c = f.tuned["models"][f.model];
    configs[f.model] = {{"initial", c["initial_ms"]}, {"interval", c["interval_ms"]}, {"max", c["max_ms"]}};
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
  doc["getPollingConfig"] = polling_config_json(r);
  auto& strategies = doc["strategies"] = nlohmann::ordered_json::array();
  for (const auto& f : r.families) {
    auto entry = f.tuned;
    entry["name"] = f.family + "-tuned-" + f.model;
    strategies.push_back(entry);
  }
  return doc;
}

}  // namespace pollbench::reports
