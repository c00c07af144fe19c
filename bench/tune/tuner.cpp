#include "bench/tune/tuner.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <span>

#include "bench/bound/bound_cache.hpp"
#include "bench/bound/fair_efficiency.hpp"
#include "bench/metrics.hpp"
#include "bench/run/parallel_map.hpp"
#include "bench/run/shard_order.hpp"
#include "bench/drivers/sim_driver.hpp"
#include "reports/tune_verdicts.hpp"
#include "bench/strategy_catalog.hpp"
#include "bench/tune/families.hpp"
#include "bench/tune/search.hpp"
#include "sim/input_error.hpp"

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
// as the search's, at most a million (the holdout keeps every config's per-task records
// for the paired comparisons: about 56 bytes a task a config). Clients and the Poisson
// rate grow with the tasks, so each client meets the same load as in the search.
sim::Scenario holdout_scenario(sim::Scenario scenario) {
  constexpr std::uint64_t most_tasks = 1'000'000;
  const auto tasks = std::max(scenario.tasks_per_model, std::min(most_tasks, 10 * scenario.tasks_per_model));
  const double scale = static_cast<double>(tasks) / static_cast<double>(scenario.tasks_per_model);
  scenario.seed += 1;
  scenario.tasks_per_model = tasks;
  scenario.clients_per_model = std::min(
      tasks, static_cast<std::uint64_t>(std::llround(static_cast<double>(scenario.clients_per_model) * scale)));
  scenario.arrival.rate_per_s *= scale;
  return scenario;
}

// Whether a config keeps to the constraints on the holdout against a guide config run on
// the same tasks: the p95 and a false-timeout rate the user gave as measured; where the
// limit is the guide's own false-timeout rate, task by task (no significantly more).
bool keeps_p95(const TuneConstraints& limits, const reports::ResultRecord& x, const reports::ResultRecord& guide) {
  return x.detection_latency_s.p95 <= limits.max_p95_delay_s.value_or(guide.detection_latency_s.p95);
}
bool keeps_false_timeouts(const TuneConstraints& limits, const reports::ResultRecord& x, const PairOutcome& x_tasks,
                          const PairOutcome& guide_tasks) {
  if (limits.max_false_timeout_rate) return x.false_timeout_rate <= *limits.max_false_timeout_rate;
  return !more_false_timeouts(x_tasks, guide_tasks);
}

// The model's own guide config, its getPollingConfig: the adaptive family's guide.
const ordered_json& model_guide(const std::vector<Family>& families) {
  for (const auto& family : families)
    if (family.name == "adaptive") return family.guide;
  throw std::logic_error("every model has an adaptive family");
}

// A config's row on some tasks, and what its efficiency is measured from.
struct Measured {
  reports::ResultRecord record;
  PollingEffort effort;
};

// What one model's families are measured in.
struct ModelBench {
  ModelBench(const sim::Scenario& scenario, const sim::Scenario& holdout_tasks, const sim::ModelProfile& profile)
      : model(profile), world(scenario, profile, Replays::many), holdout(holdout_tasks, profile) {}

  // Nothing when the config cannot be built, as an optimal schedule for an unreachable
  // mean delay. Without efficiency, which only the reported rows need and which costs
  // more than the simulation.
  std::optional<Measured> simulate_config(const ordered_json& config) const {
    const auto outcome = simulate_outcome(config, world);
    if (!outcome) return std::nullopt;
    return measured(config, *outcome);
  }
  Measured measured(const ordered_json& config, const PairOutcome& outcome) const {
    const auto tally = tally_of(outcome);
    return {tally.record(config["kind"].get<std::string>(), model.name, outcome.rate), tally.effort()};
  }
  // Every task's record: what a paired comparison needs.
  std::optional<PairOutcome> simulate_outcome(const ordered_json& config, const ModelWorld& tasks) const {
    const auto strategy = strategy_of(config);
    if (!strategy) return std::nullopt;
    return simulate(*strategy, tasks);
  }
  // The row as a run reports it: with its efficiency, marked when the strategy is informed.
  reports::ResultRecord reported(const ordered_json& config, const Measured& m) const {
    auto r = m.record;
    // A kind is informed or not whatever its knobs: built once per kind (an optimal one
    // runs a dynamic program).
    const auto kind = config["kind"].get<std::string>();
    if (!informed_kinds.contains(kind))
      informed_kinds[kind] = strategies::uses_information(strategy_of(config).value());
    r.informed = informed_kinds.at(kind);
    r.efficiency = fair_efficiency(r, m.effort, model, RequestToll::of(model), bounds);
    return r;
  }

  // Three families are set against the same guide config: it is simulated once.
  const Measured& guide_result(const ordered_json& guide) {
    const auto key = guide.dump();
    if (!guide_results.contains(key)) guide_results.emplace(key, simulate_config(guide).value());
    return guide_results.at(key);
  }

  const sim::ModelProfile& model;
  const ModelWorld world;
  const ModelWorld holdout;
  // The optimal candidates of one deadline share its bound.
  const BoundCache bounds;
  std::map<std::string, Measured> guide_results;  // by the guide config's JSON
  mutable std::map<std::string, bool> informed_kinds;

 private:
  std::optional<strategies::Strategy> strategy_of(const ordered_json& config) const {
    const sim::StrategySpec spec{config["kind"].get<std::string>(), config["kind"].get<std::string>(),
                                 nlohmann::json::parse(config.dump()), "tune"};
    try {
      return make_strategy(spec, {model}, bounds).strategy;
    } catch (const InputError&) {
      return std::nullopt;
    }
  }
};

// Without a false-timeout limit of the user's, a family may give up on no more tasks than
// its own guide config nor than the model's (the guide's getPollingConfig): the guide's
// basicPoll gives up on 39% of sora-2's tasks, which is no licence to.
reports::TunedFamily tune_family(const Family& family, ModelBench& bench, const TuneConstraints& constraints,
                                 const ordered_json& model_guide, const std::function<void()>& tick, unsigned threads) {
  const auto& guide = bench.guide_result(family.guide);
  auto limits = guide.record;
  limits.false_timeout_rate =
      std::min(limits.false_timeout_rate, bench.guide_result(model_guide).record.false_timeout_rate);
  reports::TunedFamily tuned;
  tuned.model = bench.model.name;
  tuned.family = family.name;
  tuned.document = tuned.tuned = family.guide;
  tuned.document_result = tuned.tuned_result = bench.reported(family.guide, guide);
  // The pattern search comes back to configs it has measured (knobs are rounded, so one
  // step there and one back is often where it was): each is simulated once. The new ones
  // of a batch run on every thread; results go back in the batch's order.
  std::map<std::string, std::optional<Measured>> measured;  // by the config's JSON
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
      if (result && reports::within(constraints, result->record, limits) && result->record.detected > 0) return result;
      return std::optional<Measured>{};
    });
    for (std::size_t j = 0; j < fresh.size(); ++j) measured[keys[fresh[j]]] = std::move(results[j]);
    std::vector<std::optional<reports::ResultRecord>> out;
    for (const auto& key : keys) {
      const auto& m = measured.at(key);
      out.push_back(m ? std::optional{m->record} : std::nullopt);
    }
    return out;
  };
  auto found = search(family, measure, tick);
  if (found.result &&
      (!reports::within(constraints, guide.record, limits) || found.requests() < guide.record.requests.mean)) {
    tuned.tuned_result = bench.reported(found.config, *measured.at(found.config.dump()));
    tuned.tuned = std::move(found.config);
    tuned.improved = true;
  }
  tick();
  return tuned;
}

// Proven on fresh tasks: a config the search picked because it was lucky on its sample
// does not keep to the constraints there. Runs the model's families' guide configs and
// choices on the holdout tasks, each config once and on every thread, and judges each
// choice there; the saving against `model_guide` (the model's own guide config, which the
// per-model verdict compares with) task by task, since both ran on the same tasks.
void prove_on_holdout(std::span<reports::TunedFamily> tuned, ModelBench& bench, const TuneConstraints& constraints,
                      const ordered_json& model_guide, unsigned threads) {
  std::vector<ordered_json> configs;
  std::map<std::string, std::size_t> index;  // by the config's JSON
  const auto add = [&](const ordered_json& config) {
    if (index.emplace(config.dump(), configs.size()).second) configs.push_back(config);
  };
  add(model_guide);
  for (const auto& t : tuned) {
    add(t.document);
    if (t.improved) add(t.tuned);
  }
  const auto outcomes = parallel_map(configs.size(), threads, [&](std::size_t i) {
    return bench.simulate_outcome(configs[i], bench.holdout).value();
  });
  const auto outcome_of = [&](const ordered_json& config) -> const PairOutcome& {
    return outcomes[index.at(config.dump())];
  };
  const auto row_of = [&](const ordered_json& config) {
    return bench.reported(config, bench.measured(config, outcome_of(config)));
  };
  const auto model_guide_row = row_of(model_guide);
  for (auto& t : tuned) {
    t.document_holdout = row_of(t.document);
    const auto& chosen = t.improved ? t.tuned : t.document;
    t.tuned_holdout = row_of(chosen);
    if (t.improved) t.saving_half_width = paired_requests(outcome_of(model_guide), outcome_of(t.tuned)).half_width95;
    const auto keeps_false_timeouts_of = [&](const ordered_json& guide) {
      return keeps_false_timeouts(constraints, t.tuned_holdout, outcome_of(chosen), outcome_of(guide));
    };
    t.holds_on_holdout = keeps_p95(constraints, t.tuned_holdout, t.document_holdout) &&
                         keeps_false_timeouts_of(t.document) && keeps_false_timeouts_of(model_guide);
    t.holds_against_model_guide =
        keeps_p95(constraints, t.tuned_holdout, model_guide_row) && keeps_false_timeouts_of(model_guide);
  }
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
    const auto first_family = result.families.size();
    for (std::size_t f = 0; f < families.size(); ++f)
      if (part.owns(first_unit + f))
        result.families.push_back(tune_family(families[f], bench, constraints, model_guide(families), tick, threads));
    prove_on_holdout(std::span(result.families).subspan(first_family), bench, constraints, model_guide(families),
                     threads);
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
