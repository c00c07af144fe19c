#include "reports/tune_reporter.hpp"

#include <array>
#include <fmt/format.h>

#include "reports/metric_schema.hpp"
#include "reports/reporters.hpp"
#include "reports/text_table.hpp"
#include "reports/tune_verdicts.hpp"

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

// The saving on the holdout, with the half-width of its paired 95% interval.
std::string fewer_requests(const ModelVerdict& v) {
  if (!v.best) return "-";
  const double guide = v.document->document_holdout.requests.mean;
  const double ratio = v.best->tuned_holdout.requests.mean / guide;
  return fmt::format("{:.1f}% ± {:.1f}%", (1 - ratio) * 100, 100 * v.best->saving_half_width / guide);
}

void write_table(const TextTable& table, std::ostream& out, bool markdown) {
  if (markdown)
    write_markdown(table, out);
  else
    write_aligned(table, out);
}

// What a family's row shows of each result, as the comparison table heads and shows it.
const std::array<const Metric*, 5>& family_metrics() {
  static const std::array<const Metric*, 5> metrics = {
      &metric_named("requests.mean"), &metric_named("detection_latency_s.p95"), &metric_named("false_timeout_rate"),
      &metric_named("wrong_outcome_rate"), &metric_named("efficiency")};
  return metrics;
}

// What a verdict holds the best tuned config and the guide's to, and a family's row shows
// of each config's holdout result; the first is what it saves.
const std::array<const Metric*, 3>& verdict_metrics() {
  static const std::array<const Metric*, 3> metrics = {
      &metric_named("requests.mean"), &metric_named("detection_latency_s.p95"), &metric_named("false_timeout_rate")};
  return metrics;
}

// The guide's config and the tuned one of every family, on the training tasks and then
// on the holdout, a blank line between families.
void write_families(const TuneResult& r, std::ostream& out, bool markdown) {
  std::vector<std::string> header = {"model", "family", "config"};
  for (const auto* m : family_metrics()) header.emplace_back(m->header);
  for (const auto* m : verdict_metrics()) header.push_back("holdout " + std::string(m->header));
  const auto cells = [](const TunedFamily& f, const std::string& config, const ResultRecord& x,
                        const ResultRecord& holdout) {
    std::vector<std::string> row = {f.model, f.family, config};
    for (const auto* m : family_metrics()) row.push_back(m->cell(x));
    for (const auto* m : verdict_metrics()) row.push_back(m->cell(holdout));
    return row;
  };
  TextTable table{header, {}, 3, {}, false};
  for (const auto& f : r.families) {
    table.rows.push_back(cells(f, "guide: " + config_text(f.document), f.document_result, f.document_holdout));
    // A config that breaks the user's limits, or the implied ones, is never shown as the
    // family's answer.
    const auto* label = f.improved && f.holds_on_holdout ? "tuned: "
                        : f.improved                     ? "fails on the holdout: "
                        : guide_within(r, f)             ? "kept (nothing better): "
                                                         : "none within the constraints: ";
    table.rows.push_back(cells(f, label + config_text(f.tuned), f.tuned_result, f.tuned_holdout));
    table.break_before.push_back(!table.break_before.empty());
    table.break_before.push_back(false);
  }
  write_table(table, out, markdown);
}

void write_verdicts(const std::vector<ModelVerdict>& verdicts, std::ostream& out, bool markdown) {
  TextTable summary{{"model", "best tuned"}, {}, 2, {}, true};
  for (const auto* m : verdict_metrics()) {
    summary.header.insert(summary.header.end(), {std::string(m->header), "guide " + std::string(m->header)});
    if (m == verdict_metrics().front()) summary.header.emplace_back("fewer requests");
  }
  for (const auto& v : verdicts) {
    std::vector<std::string> row = {v.document->model, v.best ? v.best->family + ": " + config_text(v.best->tuned)
                                                       : v.within_noise ? "no significant difference"
                                                                        : "none qualifies"};
    for (const auto* m : verdict_metrics()) {
      row.push_back(v.best ? m->cell(v.best->tuned_holdout) : "-");
      row.push_back(m->cell(v.document->document_holdout));
      if (m == verdict_metrics().front()) row.push_back(fewer_requests(v));
    }
    summary.rows.push_back(std::move(row));
  }
  write_table(summary, out, markdown);
}

}  // namespace

void write_tune_table(const TuneResult& r, std::ostream& out, bool markdown) {
  out << fmt::format(
      "{}Tuned on scenario \"{}\", seed {}, {} tasks per candidate; the guide's and each family's chosen config "
      "run again on {} fresh holdout tasks (seed {}), where the constraints are judged again; constraints: {}.\n\n",
      markdown ? "" : "pollbench tune: ", r.scenario, r.seed, r.tasks, r.holdout_tasks, r.holdout_seed, r.constraints);
  for (const auto& fit : r.fits)
    out << fmt::format("fit {}: {} from {} durations, KS distance {:.3f}\n", fit.model, fit.law, fit.samples,
                       fit.ks_statistic);
  if (!r.fits.empty()) out << '\n';
  write_families(r, out, markdown);
  const auto verdicts = verdicts_per_model(r);
  if (verdicts.empty()) return;
  out << "\nPer model, on the holdout tasks: the guide's config for it (adaptive) against the cheapest tuned config "
         "within the constraints there that sends fewer requests beyond the paired 95% interval of the difference "
         "(the same tasks for both).\n\n";
  write_verdicts(verdicts, out, markdown);
}

nlohmann::ordered_json polling_config_json(const TuneResult& r) {
  nlohmann::ordered_json configs = nlohmann::ordered_json::object();
  for (const auto& f : r.families) {
    if (f.family != "adaptive") continue;
    const auto& c = f.answer().at("models").at(f.model);
    configs[f.model] = {{"initial", c.at("initial_ms")}, {"interval", c.at("interval_ms")}, {"max", c.at("max_ms")}};
  }
  return configs;
}

nlohmann::ordered_json tune_json(const TuneResult& r) {
  nlohmann::ordered_json doc;
  doc["scenario"] = r.scenario;
  doc["seed"] = r.seed;
  doc["tasks"] = r.tasks;
  doc["holdout"] = {{"seed", r.holdout_seed}, {"tasks", r.holdout_tasks}};
  doc["constraints"] = r.constraints;
  const auto limit = [](const std::optional<double>& x) { return x ? nlohmann::ordered_json(*x) : nullptr; };
  doc["limits"] = {{"max_p95_delay_s", limit(r.limits.max_p95_delay_s)},
                   {"max_false_timeout_rate", limit(r.limits.max_false_timeout_rate)}};
  auto& fits = doc["fits"] = nlohmann::ordered_json::array();
  for (const auto& f : r.fits)
    fits.push_back({{"model", f.model}, {"law", f.law}, {"samples", f.samples}, {"ks_statistic", f.ks_statistic}});
  if (r.shard) doc["shard"] = {{"index", r.shard->index}, {"count", r.shard->count}};
  doc["getPollingConfig"] = polling_config_json(r);
  auto& strategies = doc["strategies"] = nlohmann::ordered_json::array();
  for (const auto& f : r.families) {
    auto entry = f.answer();
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
    families.push_back({{"model", f.model},
                        {"family", f.family},
                        {"document", f.document},
                        {"document_result", record_json(f.document_result)},
                        {"tuned", f.tuned},
                        {"tuned_result", record_json(f.tuned_result)},
                        {"improved", f.improved},
                        {"candidates", f.candidates},
                        {"document_holdout", record_json(f.document_holdout)},
                        {"tuned_holdout", record_json(f.tuned_holdout)},
                        {"holds_on_holdout", f.holds_on_holdout},
                        {"holds_against_model_guide", f.holds_against_model_guide},
                        {"saving_half_width", f.saving_half_width}});
  return doc;
}

}  // namespace pollbench::reports
