#include "bench/tune/tuner.hpp"

#include <cmath>
#include <fmt/format.h>

#include "bench/metrics.hpp"
#include "bench/bound/optimal_schedule.hpp"
#include "bench/drivers/sim_driver.hpp"
#include "bench/run/shard_order.hpp"
#include "bench/strategy_catalog.hpp"
#include "sim/input_error.hpp"

namespace pollbench::bench {

namespace {

using nlohmann::ordered_json;

// Milliseconds rounded to 100 ms: configs people paste should look like configs.
long round_ms(double seconds) { return std::max(100L, std::lround(seconds * 10) * 100); }

struct Family {
  std::string name;
  ordered_json document;  // the guide's config it is measured against, as reported
  std::vector<ordered_json> candidates;
  std::vector<ordered_json::json_pointer> knobs;  // numeric parameters the local search may move
  ordered_json start;  // where the local search starts when the grid finds nothing: the guide's, in this family
};

std::vector<Family> families_for(const sim::ModelProfile& model) {
  const double median = model.completion.quantile(0.5).count();
  std::vector<double> horizons;  // give-up times to try: the law's far tail
  for (double p : {0.99, 0.999, 0.9999}) horizons.push_back(model.completion.quantile(p).count() * 1.1);
  std::vector<Family> families(5);

  using ptr = ordered_json::json_pointer;
  families[0].name = "fixed_interval";
  families[0].document = {{"kind", "fixed_interval"}, {"interval_ms", 3000}, {"max_attempts", 60}};
  families[0].start = families[0].document;
  families[0].knobs = {ptr("/interval_ms"), ptr("/max_attempts")};
  for (double share : {0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5})
    for (double horizon : horizons) {
      const long interval = std::max(500L, round_ms(median * share));
      families[0].candidates.push_back({{"kind", "fixed_interval"}, {"interval_ms", interval},
                                        {"max_attempts", std::lround(std::ceil(horizon * 1000 / interval)) + 1}});
    }

  families[1].name = "adaptive";
  const auto guide = strategies::Adaptive{}.for_model(model.name).config;
  const auto ms = [](strategies::Duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
  const ordered_json guide_adaptive = {
      {"kind", "adaptive"},
      {"models", {{model.name, {{"initial_ms", ms(guide.initial)}, {"interval_ms", ms(guide.interval)}, {"max_ms", ms(guide.max)}}}}}};
  families[1].document = guide_adaptive;
  families[1].start = guide_adaptive;
  for (const char* knob : {"initial_ms", "interval_ms", "max_ms"})
    families[1].knobs.push_back(ptr("/models") / model.name / knob);
  for (double initial_p : {0.0, 0.01, 0.05, 0.1, 0.25})
    for (double share : {0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5})
      for (double horizon : horizons) {
        const long initial = initial_p == 0 ? 0 : round_ms(model.completion.quantile(initial_p).count());
        ordered_json config = {{"initial_ms", initial},
                               {"interval_ms", std::max(500L, round_ms(median * share))},
                               {"max_ms", round_ms(horizon)}};
        families[1].candidates.push_back({{"kind", "adaptive"}, {"models", {{model.name, config}}}});
      }

  // The guide's backoff against the corrected one, tuned.
  families[2].name = "exponential_backoff";
  families[2].document = {{"kind", "exponential_backoff"}};
  families[2].start = {{"kind", "capped_exponential"}, {"base_ms", 2000}, {"multiplier", 1.5},
                       {"cap_ms", 30000}, {"deadline_ms", 600000}};
  families[2].knobs = {ptr("/base_ms"), ptr("/multiplier"), ptr("/cap_ms"), ptr("/deadline_ms")};
  for (double base : {0.05, 0.1, 0.2, 0.5})
    for (double multiplier : {1.2, 1.5, 2.0})
      for (double cap : {0.1, 0.2, 0.5})
        for (double horizon : horizons)
          families[2].candidates.push_back({{"kind", "capped_exponential"},
                                            {"base_ms", round_ms(median * base)},
                                            {"multiplier", multiplier},
                                            {"cap_ms", std::max(round_ms(median * base), round_ms(median * cap))},
                                            {"deadline_ms", round_ms(horizon)}});

  // The guide has no strategy of these two; they are measured against its per-model
  // config, the getPollingConfig the document recommends for this model.
  families[3].name = "server_hinted";
  families[3].document = guide_adaptive;
  families[3].start = {{"kind", "server_hinted"}, {"initial_ms", ms(guide.initial)}, {"interval_ms", ms(guide.interval)},
                       {"deadline_ms", ms(guide.max)}};
  families[3].knobs = {ptr("/initial_ms"), ptr("/interval_ms"), ptr("/deadline_ms")};
  for (double initial_p : {0.0, 0.05, 0.25})
    for (double share : {0.05, 0.1, 0.2, 0.5})
      for (double horizon : horizons)
        families[3].candidates.push_back(
            {{"kind", "server_hinted"},
             {"initial_ms", initial_p == 0 ? 0 : round_ms(model.completion.quantile(initial_p).count())},
             {"interval_ms", std::max(500L, round_ms(median * share))},
             {"deadline_ms", round_ms(horizon)}});

  // Searched by lambda, the price of a second of delay: one DP pass per candidate, where a
  // target mean delay would take a bisection of them.
  families[4].name = "optimal";
  families[4].document = guide_adaptive;
  families[4].start = {{"kind", "optimal"}, {"lambda", 0.1}, {"deadline_s", std::round(horizons[1])}};
  families[4].knobs = {ptr("/lambda"), ptr("/deadline_s")};
  for (int step = 0; step <= 20; ++step)  // 0.002 to 6.6
    for (double horizon : horizons)
      families[4].candidates.push_back({{"kind", "optimal"},
                                        {"lambda", std::stod(fmt::format("{:.3g}", 0.002 * std::pow(1.5, step)))},
                                        {"deadline_s", std::round(horizon)}});
  return families;
}

// Nothing when the config cannot be built, as an optimal schedule for an unreachable mean
// delay. Without efficiency, which only the reported rows need and which costs more than
// the simulation.
std::optional<reports::ResultRecord> evaluate(const ordered_json& config, const sim::ModelProfile& model,
                                              const ModelWorld& world) {
  const sim::StrategySpec spec{config["kind"].get<std::string>(), config["kind"].get<std::string>(),
                               nlohmann::json::parse(config.dump()), "tune"};
  std::optional<strategies::Strategy> strategy;
  try {
    strategy = make_strategy(spec, {model}).strategy;
  } catch (const InputError&) {
    return std::nullopt;
  }
  return measure(spec.name, model.name, simulate(*strategy, world));
}

}  // namespace

reports::TuneResult tune(const sim::Scenario& scenario, const TuneConstraints& constraints,
                         const std::function<void(std::size_t, std::size_t)>& progress,
                         std::optional<reports::Shard> shard) {
  reports::TuneResult result;
  result.scenario = scenario.name;
  result.seed = scenario.seed;
  result.tasks = scenario.tasks_per_model;
  const bool own = !constraints.max_p95_delay_s && !constraints.max_false_timeout_rate;
  result.constraints =
      own ? "p95 detection latency and false-timeout rate no worse than the guide's config each family is set against"
          : fmt::format("p95 detection latency <= {} s, false-timeout rate <= {}",
                        constraints.max_p95_delay_s ? fmt::format("{}", *constraints.max_p95_delay_s) : "any",
                        constraints.max_false_timeout_rate ? fmt::format("{}", *constraints.max_false_timeout_rate) : "any");
  result.shard = shard;
  const auto mine = [part = shard.value_or(reports::Shard{})](std::size_t unit) { return part.owns(unit); };
  std::vector<std::vector<Family>> families_of;
  std::size_t total = 0, done = 0, unit = 0;
  for (const auto& model : scenario.models)
    for (const auto& f : families_of.emplace_back(families_for(model)))
      if (mine(unit++)) total += f.candidates.size() + 1;

  unit = 0;
  for (std::size_t m = 0; m < scenario.models.size(); ++m) {
    const auto& model = scenario.models[m];
    auto& families = families_of[m];
    const auto first_unit = unit;
    unit += families.size();
    bool any = false;
    for (std::size_t u = first_unit; u < unit; ++u) any = any || mine(u);
    if (!any) continue;
    const ModelWorld world(scenario, model);
    const OptimalBound bound(CompletionLaw::of(model), bound_deadline(model));
    std::map<std::string, reports::ResultRecord> guide_results;  // by the guide config's JSON
    for (std::size_t fi = 0; fi < families.size(); ++fi) {
      if (!mine(first_unit + fi)) continue;
      auto& family = families[fi];
      reports::TunedFamily tuned{model.name, family.name, family.document, {}, family.document, {}, false, 0};
      // Three families are set against the same guide config: simulate it once.
      const auto key = family.document.dump();
      if (!guide_results.contains(key)) guide_results.emplace(key, evaluate(family.document, model, world).value());
      tuned.document_result = guide_results.at(key);
      tuned.tuned_result = tuned.document_result;
      const double p95_limit = constraints.max_p95_delay_s.value_or(own ? tuned.document_result.detection_latency_s.p95 : INFINITY);
      const double false_limit =
          constraints.max_false_timeout_rate.value_or(own ? tuned.document_result.false_timeout_rate : INFINITY);
      const bool document_fits = tuned.document_result.detection_latency_s.p95 <= p95_limit &&
                                 tuned.document_result.false_timeout_rate <= false_limit;
      std::optional<reports::ResultRecord> best = document_fits ? std::optional{tuned.document_result} : std::nullopt;
      // Measures a config, keeps it as the tuned one when it beats the best so far, and
      // gives its mean requests when it is feasible.
      auto consider = [&](const ordered_json& config) -> std::optional<double> {
        const auto measured = evaluate(config, model, world);
        ++tuned.candidates;
        if (!measured) return std::nullopt;
        const auto& r = *measured;
        if (r.detection_latency_s.p95 > p95_limit || r.false_timeout_rate > false_limit || r.detected == 0)
          return std::nullopt;
        if (!best || r.requests.mean < best->requests.mean) {
          best = r;
          tuned.tuned = config;
          tuned.tuned_result = r;
          tuned.improved = true;
        }
        return r.requests.mean;
      };
      // The local search starts from this family's cheapest feasible config, better than the
      // guide's or not, so a narrow feasible window next to a grid point is still found.
      ordered_json at = family.start;
      double at_requests = INFINITY;
      for (const auto& candidate : family.candidates) {
        if (const auto requests = consider(candidate); requests && *requests < at_requests) {
          at = candidate;
          at_requests = *requests;
        }
        if (progress) progress(++done, total);
      }
      // Pattern search: scale one knob, or two together; move to the cheapest feasible
      // neighbour until none is cheaper.
      auto scaled = [&](ordered_json config, const ordered_json::json_pointer& knob, double factor) {
        const double value = config[knob].get<double>() * factor;
        if (knob.back() == "multiplier") config[knob] = std::max(1.0, std::round(value * 100) / 100);
        else if (knob.back() == "lambda") config[knob] = std::stod(fmt::format("{:.3g}", value));
        else if (knob.back() == "max_attempts") config[knob] = std::max(1L, std::lround(value));
        else if (knob.back().ends_with("_s")) config[knob] = std::max(0.1, std::round(value * 10) / 10);
        else config[knob] = knob.back() == "initial_ms" && value < 100 ? 0L : round_ms(value / 1000);
        return config;
      };
      static constexpr double factors[] = {0.85, 0.93, 1.08, 1.18};
      for (int round = 0; round < 8; ++round) {
        ordered_json next = at;
        double next_requests = at_requests;
        auto step = [&](const ordered_json& trial) {
          if (const auto requests = consider(trial); requests && *requests < next_requests) {
            next = trial;
            next_requests = *requests;
          }
        };
        for (std::size_t i = 0; i < family.knobs.size(); ++i)
          for (double fi : factors) {
            const auto one = scaled(at, family.knobs[i], fi);
            if (one != at) step(one);
            for (std::size_t j = i + 1; j < family.knobs.size(); ++j)
              for (double fj : factors) {
                const auto two = scaled(one, family.knobs[j], fj);
                if (two != one) step(two);
              }
          }
        if (next == at) break;
        at = std::move(next);
        at_requests = next_requests;
      }
      tuned.document_result.efficiency = efficiency_of(tuned.document_result, bound);
      tuned.tuned_result.efficiency = efficiency_of(tuned.tuned_result, bound);
      if (progress) progress(++done, total);
      result.families.push_back(std::move(tuned));
    }
  }
  return result;
}

reports::TuneResult merge_tune_shards(const std::vector<reports::TuneResult>& shards) {
  const auto by_index = shards_in_order(shards, [](const auto& a, const auto& b) {
    return a.scenario == b.scenario && a.seed == b.seed && a.tasks == b.tasks && a.constraints == b.constraints;
  });
  reports::TuneResult merged = shards.front();
  merged.shard.reset();
  merged.families.clear();
  interleave(by_index, [](const reports::TuneResult& s) -> const auto& { return s.families; },
             [&](const reports::TunedFamily& f) { merged.families.push_back(f); });
  return merged;
}

}  // namespace pollbench::bench
