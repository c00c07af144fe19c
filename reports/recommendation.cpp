#include "reports/recommendation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "reports/units.hpp"
#include "sim/scenario.hpp"

namespace pollbench::reports {

namespace {

// The row of `model` that `keep` accepts with the fewest mean requests; none when none is.
template <class Keep>
const ResultRecord* cheapest(const RunResult& run, const std::string& model, Keep keep) {
  const ResultRecord* best = nullptr;
  for (const auto& r : run.records)
    if (r.model == model && keep(r) && (best == nullptr || r.requests.mean < best->requests.mean)) best = &r;
  return best;
}

// The polling row of `model` (of the guide's only, or any) with the fewest tasks wrong.
const ResultRecord* surest(const RunResult& run, const std::string& model, bool guide_only) {
  const ResultRecord* best = nullptr;
  for (const auto& r : run.records)
    if (r.model == model && !by_callback(r) && (!guide_only || guide_technique(r.strategy)) &&
        (best == nullptr || unreliable(r) < unreliable(*best)))
      best = &r;
  return best;
}

std::string requests_text(const ResultRecord& r) { return human_count(r.requests.mean); }

// "1.2 s later", "300 ms sooner", "as fast".
std::string detection_change(const ResultRecord& pick, const ResultRecord& guide) {
  const double change = pick.detection_latency_s.mean - guide.detection_latency_s.mean;
  if (human_duration(std::abs(change)) == "0 ms" || change == 0) return "as fast";
  return human_duration(std::abs(change)) + (change > 0 ? " later" : " sooner");
}

std::string wrong_text(const ResultRecord& r) {
  return human_percent(unreliable(r)) + " of its tasks lost, falsely timed out or wrongly reported";
}

// A pick that learns the end by holding a connection (a long poll, a stream) trades the
// client's requests for the server's connection time: said when it holds far longer.
std::string server_cost(const ResultRecord& pick, const ResultRecord& guide) {
  if (pick.connection_s < 1 || pick.connection_s < 2 * guide.connection_s) return {};
  return fmt::format(", holding a connection {} a task at the server against {}", human_duration(pick.connection_s),
                     human_duration(guide.connection_s));
}

// What polling costs: the pick against the guide's, or why there is no pick.
std::string polling_clause(const Recommendation& r) {
  if (r.pick == nullptr && r.surest == nullptr) return "no polling strategy in this run";
  if (r.pick == nullptr)
    return fmt::format("no polling strategy kept the tasks it got wrong to 1% (the fewest: {}, with {})",
                       r.surest->strategy, wrong_text(*r.surest));
  const auto& p = *r.pick;
  if (r.guide == nullptr)
    return fmt::format("poll with {}: {} requests a task, detection {} (no polling technique of the guide in this run)",
                       p.strategy, requests_text(p), human_duration(p.detection_latency_s.mean));
  if (r.guide == r.pick)
    return fmt::format("poll with the guide's own {}, the best here: {} requests a task, detection {}", p.strategy,
                       requests_text(p), human_duration(p.detection_latency_s.mean));
  const auto& g = *r.guide;
  const auto guide_flaw = reliable(g) ? std::string() : " (which has " + wrong_text(g) + ")";
  const auto detection = g.detected > 0 ? detection_change(p, g) : "where the guide's detected nothing";
  if (r.paired != nullptr && std::abs(r.paired->difference) <= r.paired->half_width95)
    return fmt::format(
        "poll with {} or the guide's {}{}: no significant difference in requests ({} against {} a "
        "task; on the same tasks the difference, {}, is within ±{}), detection {}",
        p.strategy, g.strategy, guide_flaw, requests_text(p), requests_text(g), human_count(r.paired->difference),
        human_count(r.paired->half_width95), detection);
  const auto paired =
      r.paired == nullptr
          ? std::string(" (not compared task by task)")
          : fmt::format(" ({} ± {} {} on the same tasks)", human_count(std::abs(r.paired->difference)),
                        human_count(r.paired->half_width95), r.paired->difference < 0 ? "fewer" : "more");
  return fmt::format("poll with {}: {} requests a task instead of {}{} with the guide's {}{}, detection {}{}",
                     p.strategy, requests_text(p), requests_text(g), paired, g.strategy, guide_flaw, detection,
                     server_cost(p, g));
}

// `{"kind": "optimal", "mean_delay_s": 2}`: the kind and name first, as the scenario files write them.
std::string entry_text(const nlohmann::json& entry) {
  std::string text;
  for (const auto* key : {"kind", "name"})
    if (entry.contains(key)) text += fmt::format("{}\"{}\": {}", text.empty() ? "" : ", ", key, entry[key].dump());
  for (const auto& [key, value] : entry.items())
    if (key != "kind" && key != "name") text += fmt::format(", \"{}\": {}", key, value.dump());
  return "{" + text + "}";
}

}  // namespace

const std::string_view recommendation_rule =
    "How the page chooses: a strategy is reliable when at most 1% of its tasks were lost, falsely timed out or "
    "wrongly reported. For each model it names the reliable polling strategy with the fewest status requests per "
    "task, measured against the guide's reliable polling technique with the fewest (or, when none of the guide's "
    "is reliable, the guide's with the fewest tasks wrong); then the reliable callback strategy with the fewest, "
    "for those who can receive webhooks. When the pick holds a connection at the server at least twice as long "
    "a task as the guide's (a long poll, an event stream), the sentence says so. A callback strategy is one named "
    "after webhooks or one with under one "
    "request a task (polling alone needs at least one). Detection is the mean time from a task's end to the client "
    "knowing it.";

double unreliable(const ResultRecord& r) { return r.lost_rate + r.false_timeout_rate + r.wrong_outcome_rate; }

bool reliable(const ResultRecord& r) { return unreliable(r) <= reliable_limit && r.detected > 0; }

bool guide_technique(std::string_view strategy) {
  static constexpr std::array<std::string_view, 6> guide = {"fixed_interval", "adaptive", "exponential_backoff",
                                                            "concurrent",     "webhook",  "resilient"};
  return std::find(guide.begin(), guide.end(), strategy) != guide.end();
}

bool by_callback(const ResultRecord& r) {
  return r.requests.mean < 1 || r.strategy.find("webhook") != std::string::npos;
}

std::vector<Recommendation> recommendations(const RunResult& run) {
  std::vector<Recommendation> out;
  for (const auto& r : run.records) {
    if (std::any_of(out.begin(), out.end(), [&](const auto& o) { return o.model == r.model; })) continue;
    Recommendation rec{r.model};
    rec.pick = cheapest(run, r.model, [](const ResultRecord& x) { return !by_callback(x) && reliable(x); });
    rec.guide = cheapest(run, r.model, [](const ResultRecord& x) {
      return !by_callback(x) && guide_technique(x.strategy) && reliable(x);
    });
    if (rec.guide == nullptr) rec.guide = surest(run, r.model, true);
    rec.surest = surest(run, r.model, false);
    rec.callback = cheapest(run, r.model, [](const ResultRecord& x) { return by_callback(x) && reliable(x); });
    for (const auto& p : run.paired_requests)
      if (rec.compares() && p.model == r.model && p.strategy == rec.pick->strategy && p.against == rec.guide->strategy)
        rec.paired = &p;
    out.push_back(rec);
  }
  return out;
}

std::string recommendation_sentence(const Recommendation& r) {
  const auto callback = r.callback == nullptr ? std::string()
                                              : fmt::format("; with callbacks, {}: {} requests a task, detection {}",
                                                            r.callback->strategy, requests_text(*r.callback),
                                                            human_duration(r.callback->detection_latency_s.mean));
  return r.model + ": " + polling_clause(r) + callback + ".";
}

std::optional<std::string> strategy_entry(const std::string& scenario, const std::string& strategy) {
  const auto names = sim::builtin_scenario_names();
  const bool builtin = std::find(names.begin(), names.end(), scenario) != names.end();
  const auto& j = sim::builtin_scenario_json(builtin ? scenario : "default");
  if (!j.contains("strategies")) return std::nullopt;
  for (const auto& entry : j["strategies"])
    if (entry.value("name", entry.value("kind", std::string())) == strategy) return entry_text(entry);
  return std::nullopt;
}

}  // namespace pollbench::reports
