#include "bench/tune/tuner.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

#include "bench/bound/bound_cache.hpp"
#include "bench/metrics.hpp"
#include "bench/run/parallel_map.hpp"
#include "bench/run/shard_order.hpp"
#include "bench/drivers/sim_driver.hpp"
#include "reports/tune_verdicts.hpp"
#include "bench/strategy_catalog.hpp"
#include "bench/tune/families.hpp"
#include "bench/tune/search.hpp"
#include "sim/input_error.hpp"
#include "sim/limits.hpp"

namespace pollbench::bench {

namespace {

using nlohmann::ordered_json;

std::string describe(const TuneConstraints& constraints) {
  constexpr auto guide = "no worse than the guide's config each family is set against";
  const auto p95 = constraints.max_p95_delay_s ? fmt::format("<= {} s", *constraints.max_p95_delay_s) : guide;
  const auto false_timeouts =
      constraints.max_false_timeout_rate ? fmt::format("<= {}", *constraints.max_false_timeout_rate) : guide;
  return fmt::format("p95 detection latency {}, false-timeout rate {}", p95, false_timeouts);
}

// The fresh tasks every reported config is run again on: another seed, ten times as many
// as the search's (within the limit of tasks a model may have).
sim::Scenario holdout_scenario(sim::Scenario scenario) {
  scenario.seed += 1;
  scenario.tasks_per_model = std::min(sim::limits::max_tasks_per_model, 10 * scenario.tasks_per_model);
  return scenario;
}

// The model's own guide config, its getPollingConfig: the adaptive family's guide.
const ordered_json& model_guide(const std::vector<Family>& families) {
  for (const auto& family : families)
    if (family.name == "adaptive") return family.guide;
  throw std::logic_error("every model has an adaptive family");
}

// What one model's families are measured in.
struct ModelBench {
  ModelBench(const sim::Scenario& scenario, const sim::Scenario& holdout_tasks, const sim::ModelProfile& profile)
      : model(profile), world(scenario, profile, Replays::many), holdout(holdout_tasks, profile) {}

  // Nothing when the config cannot be built, as an optimal schedule for an unreachable
  // mean delay. Without efficiency, which only the reported rows need and which costs
  // more than the simulation.
  std::optional<reports::ResultRecord> simulate_config(const ordered_json& config) const {
    const auto outcome = simulate_outcome(config, world);
    if (!outcome) return std::nullopt;
    return measure(config["kind"].get<std::string>(), model.name, *outcome);
  }
  // Every task's record: what a paired comparison needs.
  std::optional<PairOutcome> simulate_outcome(const ordered_json& config, const ModelWorld& tasks) const {
    const sim::StrategySpec spec{config["kind"].get<std::string>(), config["kind"].get<std::string>(),
                                 nlohmann::json::parse(config.dump()), "tune"};
    std::optional<strategies::Strategy> strategy;
    try {
      strategy = make_strategy(spec, {model}, bounds).strategy;
    } catch (const InputError&) {
      return std::nullopt;
    }
    return simulate(*strategy, tasks);
  }

  struct Measured {
    reports::ResultRecord result;
    PairOutcome outcome;
  };
  // Three families are set against the same guide config: it is simulated once on each world.
  const Measured& guide_on(const ordered_json& guide, const ModelWorld& tasks) {
    const auto key = (&tasks == &holdout ? "holdout " : "") + guide.dump();
    if (!guides.contains(key)) {
      auto outcome = simulate_outcome(guide, tasks).value();
      auto result = measure(guide["kind"].get<std::string>(), model.name, outcome);
      guides.emplace(key, Measured{std::move(result), std::move(outcome)});
    }
    return guides.at(key);
  }

  const sim::ModelProfile& model;
  const ModelWorld world;
  const ModelWorld holdout;
  // The optimal candidates of one deadline share its bound.
  const BoundCache bounds;
  std::map<std::string, Measured> guides;  // by the world and the guide config's JSON
};

// `model_guide` is the model's own guide config, which the per-model verdict compares with.
reports::TunedFamily tune_family(const Family& family, ModelBench& bench, const TuneConstraints& constraints,
                                 const ordered_json& model_guide, const std::function<void()>& tick, unsigned threads) {
  const auto& guide = bench.guide_on(family.guide, bench.world).result;
  reports::TunedFamily tuned;
  tuned.model = bench.model.name;
  tuned.family = family.name;
  tuned.document = tuned.tuned = family.guide;
  tuned.document_result = tuned.tuned_result = guide;
  // The pattern search comes back to configs it has measured (knobs are rounded, so one
  // step there and one back is often where it was): each is simulated once. The new ones
  // of a batch run on every thread; results go back in the batch's order.
  std::map<std::string, std::optional<reports::ResultRecord>> measured;  // by the config's JSON
  const Measure measure = [&](const std::vector<ordered_json>& configs) {
    tuned.candidates += configs.size();
    std::vector<std::string> keys;
    std::vector<std::size_t> fresh;  // the first of each config not measured yet
    for (std::size_t i = 0; i < configs.size(); ++i) {
      keys.push_back(configs[i].dump());
      if (!measured.contains(keys[i])) {
        measured.emplace(keys[i], std::nullopt);
        fresh.push_back(i);
      }
    }
    auto results = parallel_map(fresh.size(), threads, [&](std::size_t j) {
      auto result = bench.simulate_config(configs[fresh[j]]);
      if (result && reports::within(constraints, *result, guide) && result->detected > 0) return result;
      return std::optional<reports::ResultRecord>{};
    });
    for (std::size_t j = 0; j < fresh.size(); ++j) measured[keys[fresh[j]]] = std::move(results[j]);
    std::vector<std::optional<reports::ResultRecord>> out;
    for (const auto& key : keys) out.push_back(measured.at(key));
    return out;
  };
  auto found = search(family, measure, tick);
  if (found.result && (!reports::within(constraints, guide, guide) || found.requests() < guide.requests.mean)) {
    tuned.tuned = std::move(found.config);
    tuned.tuned_result = std::move(*found.result);
    tuned.improved = true;
  }
  // Proven on fresh tasks: a config the search picked because it was lucky on its sample
  // does not keep to the constraints there.
  const auto& guide_holdout = bench.guide_on(family.guide, bench.holdout);
  tuned.document_holdout = guide_holdout.result;
  tuned.tuned_holdout = tuned.document_holdout;
  if (tuned.improved) {
    // On the same tasks as the guide's: the saving is judged task by task.
    const auto outcome = bench.simulate_outcome(tuned.tuned, bench.holdout).value();
    tuned.tuned_holdout = bench::measure(family.name, bench.model.name, outcome);
    tuned.saving_half_width = paired_requests_half_width95(bench.guide_on(model_guide, bench.holdout).outcome, outcome);
  }
  tuned.holds_on_holdout = reports::holds(constraints, tuned.tuned_holdout, tuned.document_holdout);
  const auto& bound = bench.bounds.of(bench.model);
  for (auto* r : {&tuned.document_result, &tuned.tuned_result, &tuned.document_holdout, &tuned.tuned_holdout})
    r->efficiency = efficiency_of(*r, bound);
  tick();
  return tuned;
}

}  // namespace

reports::TuneResult tune(const sim::Scenario& scenario, const TuneConstraints& constraints,
                         const std::function<void(std::size_t, std::size_t)>& progress,
                         std::optional<reports::Shard> shard, unsigned threads) {
  reports::TuneResult result;
  result.scenario = scenario.name;
  result.seed = scenario.seed;
  result.tasks = scenario.tasks_per_model;
  const auto holdout = holdout_scenario(scenario);
  result.holdout_seed = holdout.seed;
  result.holdout_tasks = holdout.tasks_per_model;
  result.limits = constraints;
  result.constraints = describe(constraints);
  result.shard = shard;
  const auto part = shard.value_or(reports::Shard{});
  std::vector<std::vector<Family>> families_of;
  std::size_t total = 0, done = 0, unit = 0;
  for (const auto& model : scenario.models)
    for (const auto& family : families_of.emplace_back(families_for(model)))
      if (part.owns(unit++)) total += family.candidates.size() + 1;
  const auto tick = [&] {
    if (progress) progress(++done, total);
  };

  unit = 0;
  for (std::size_t m = 0; m < scenario.models.size(); ++m) {
    const auto& families = families_of[m];
    const auto first_unit = unit;
    unit += families.size();
    // A model none of whose units is this shard's costs no world and no bound.
    bool any_owned = false;
    for (auto u = first_unit; u < unit; ++u) any_owned = any_owned || part.owns(u);
    if (!any_owned) continue;
    ModelBench bench(scenario, holdout, scenario.models[m]);
    for (std::size_t f = 0; f < families.size(); ++f)
      if (part.owns(first_unit + f))
        result.families.push_back(tune_family(families[f], bench, constraints, model_guide(families), tick, threads));
  }
  return result;
}

reports::TuneResult merge_tune_shards(const std::vector<reports::TuneResult>& shards) {
  const auto same_tune = [](const auto& a, const auto& b) {
    return a.scenario == b.scenario && a.seed == b.seed && a.tasks == b.tasks && a.holdout_seed == b.holdout_seed &&
           a.holdout_tasks == b.holdout_tasks && a.constraints == b.constraints && a.limits == b.limits;
  };
  return merge_in_order(shards, same_tune, &reports::TuneResult::families);
}

}  // namespace pollbench::bench
