#include "bench/strategy_catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "bench/bound/tail_schedule.hpp"
#include "bench/run/parallel_map.hpp"
#include "sim/input_error.hpp"
#include "sim/json_fields.hpp"
#include "sim/limits.hpp"

namespace pollbench::bench {

namespace {

using sim::JsonFields;
using strategies::Duration;

Duration at_most_30_days(JsonFields& f, const std::string& key, double ms) {
  if (ms > sim::limits::max_strategy_ms)
    throw InputError(f.path_of(key),
                     fmt::format("must be at most {} (30 days), got {}", sim::limits::max_strategy_ms, ms));
  return std::chrono::round<Duration>(std::chrono::duration<double, std::milli>(ms));
}

Duration positive_ms(JsonFields& f, const std::string& key, Duration fallback) {
  return at_most_30_days(f, key, f.positive(key, std::chrono::duration<double, std::milli>(fallback).count()));
}

Duration non_negative_ms(JsonFields& f, const std::string& key, Duration fallback) {
  return at_most_30_days(f, key, f.non_negative(key, std::chrono::duration<double, std::milli>(fallback).count()));
}

std::uint32_t at_least_one(JsonFields& f, const std::string& key, std::uint32_t fallback) {
  const auto n = f.count(key, fallback);
  if (n < 1 || n > 1'000'000) throw InputError(f.path_of(key), fmt::format("must be 1 to 1000000, got {}", n));
  return static_cast<std::uint32_t>(n);
}

double multiplier(JsonFields& f, const std::string& key, double fallback) {
  const double m = f.number(key, fallback);
  if (m < 1 || m > 100) throw InputError(f.path_of(key), fmt::format("must be 1 to 100, got {}", m));
  return m;
}

strategies::AdaptiveConfig adaptive_config(const nlohmann::json& j, const std::string& path,
                                           const strategies::AdaptiveConfig& fallback) {
  JsonFields f(j, path);
  strategies::AdaptiveConfig c;
  c.initial = non_negative_ms(f, "initial_ms", fallback.initial);
  c.interval = positive_ms(f, "interval_ms", fallback.interval);
  c.max = positive_ms(f, "max_ms", fallback.max);
  if (c.max < c.initial)  // it would give up before its first poll
    throw InputError(f.path_of("max_ms"), fmt::format("must be at least initial_ms ({}), got {}",
                                                      std::chrono::duration<double, std::milli>(c.initial).count(),
                                                      std::chrono::duration<double, std::milli>(c.max).count()));
  f.reject_unknown();
  return c;
}

// A parameter read over the value the strategy `s` has (S is it or its base), checked as
// its type says.
template <class S, class T>
void read_parameter(JsonFields& f, const sim::NamedMember<S, Duration>& p, T& s) {
  const auto key = std::string(p.key);
  s.*p.member =
      p.range == sim::Range::positive ? positive_ms(f, key, s.*p.member) : non_negative_ms(f, key, s.*p.member);
}
template <class S, class T>
void read_parameter(JsonFields& f, const sim::NamedMember<S, std::uint32_t>& p, T& s) {
  s.*p.member = at_least_one(f, std::string(p.key), s.*p.member);
}
template <class S, class T>
void read_parameter(JsonFields& f, const sim::NamedMember<S, double>& p, T& s) {
  s.*p.member = p.range == sim::Range::fraction ? f.probability(std::string(p.key), s.*p.member)
                                                : multiplier(f, std::string(p.key), s.*p.member);
}

// A strategy of the given type, its parameters read over its defaults.
template <class Strategy, class... Defaults>
strategies::Strategy with_knobs(JsonFields& f, Defaults... defaults) {
  Strategy s{defaults...};
  std::apply([&](const auto&... p) { (read_parameter(f, p, s), ...); }, parameters(s));
  return s;
}

strategies::Adaptive parse_adaptive(JsonFields& f) {
  strategies::Adaptive a;
  // The default first: a model's entry falls back to it for the keys it leaves out.
  if (const auto* fallback = f.find("default"))
    a.fallback = adaptive_config(*fallback, f.path_of("default"), a.fallback);
  if (const auto* models = f.find("models")) {
    const auto path = f.path_of("models");
    if (!models->is_object())
      throw InputError(path, "expected an object of model name -> {initial_ms, interval_ms, max_ms}");
    a.per_model.clear();
    for (const auto& [model, config] : models->items())
      a.per_model[model] = adaptive_config(config, path + "." + model, a.fallback);
  }
  return a;
}

strategies::Strategy parse_optimal(JsonFields& f) {
  if (f.has("mean_delay_s") + f.has("lambda") + f.has("p95_delay_s") > 1)
    throw InputError(f.path(), "optimal takes one of mean_delay_s, lambda, p95_delay_s");
  strategies::Optimal optimal;
  if (f.has("lambda"))
    optimal.target.lambda = f.positive("lambda");
  else if (f.has("p95_delay_s")) {
    optimal.target.p95_delay_s = f.positive("p95_delay_s");
    if (*optimal.target.p95_delay_s > sim::limits::max_strategy_ms / 1000)
      throw InputError(f.path_of("p95_delay_s"),
                       fmt::format("must be at most {} (30 days), got {}", sim::limits::max_strategy_ms / 1000,
                                   *optimal.target.p95_delay_s));
  } else
    optimal.target.mean_delay_s = f.positive("mean_delay_s", 2.0);
  optimal.target.deadline_s = f.non_negative("deadline_s", 0);
  return optimal;
}

strategies::Strategy parse_batch_concurrent(JsonFields& f) {
  strategies::BatchConcurrent s;
  s.max_batch = at_least_one(f, "max_batch", 50);
  s.table = parse_adaptive(f);
  return s;
}

template <strategies::Jitter jitter>
strategies::Strategy parse_backoff(JsonFields& f) {
  return with_knobs<strategies::Backoff>(f, jitter);
}

strategies::Strategy parse_adaptive_strategy(JsonFields& f) { return parse_adaptive(f); }
strategies::Strategy parse_webhook(JsonFields&) { return strategies::Webhook{}; }
strategies::Strategy parse_corrected_adaptive(JsonFields& f) {
  return strategies::CorrectedAdaptive{parse_adaptive(f)};
}
strategies::Strategy parse_corrected_concurrent(JsonFields& f) {
  return strategies::CorrectedConcurrent{parse_adaptive(f)};
}

constexpr StrategyKind kinds[] = {
    {"fixed_interval", "the guide's basicPoll: every interval_ms, at most max_attempts times",
     with_knobs<strategies::FixedInterval>},
    {"adaptive", "the guide's adaptivePoll with its per-model table", parse_adaptive_strategy},
    {"exponential_backoff", "the guide's exponentialBackoffPoll", with_knobs<strategies::ExponentialBackoff>},
    {"concurrent", "the guide's TaskPoller: rounds over all of a client's tasks",
     with_knobs<strategies::ConcurrentPoller>},
    {"webhook", "the guide's callback mode: no polling", parse_webhook},
    {"resilient", "the guide's resilientPoll: network errors retried", with_knobs<strategies::Resilient>},
    {"hybrid_webhook", "a webhook with a slow fallback poll", with_knobs<strategies::HybridWebhook>},
    {"server_hinted", "polls when the server's poll-after hint says", with_knobs<strategies::ServerHinted>},
    {"long_poll", "asks the server to hold each request until the task ends (Prefer: wait)",
     with_knobs<strategies::LongPoll>},
    {"event_stream", "listens to the task's server-sent events, reconnecting; polls after repeated cuts",
     with_knobs<strategies::EventStream>},
    {"progress_aware", "polls where the reported progress or queue position says the task ends",
     with_knobs<strategies::ProgressAware>},
    {"optimal", "the optimal schedule for each model's law (the bound as a strategy)", parse_optimal},
    {"corrected_adaptive", "adaptive with a real deadline, errors retried", parse_corrected_adaptive},
    {"corrected_concurrent", "the TaskPoller surviving errors, each model at its own interval",
     parse_corrected_concurrent},
    {"batch_concurrent", "corrected_concurrent asking for up to max_batch ids a request", parse_batch_concurrent},
    {"capped_exponential", "capped exponential backoff, no jitter", parse_backoff<strategies::Jitter::none>},
    {"backoff_full_jitter", "capped backoff, full jitter", parse_backoff<strategies::Jitter::full>},
    {"backoff_equal_jitter", "capped backoff, equal jitter", parse_backoff<strategies::Jitter::equal>},
    {"backoff_decorrelated_jitter", "capped backoff, decorrelated jitter",
     parse_backoff<strategies::Jitter::decorrelated>},
};

std::string kind_names() {
  std::string names;
  for (const auto& k : kinds) names += (names.empty() ? "" : ", ") + std::string(k.name);
  return names;
}

// The optimum for each model at the target (mean delay, lambda or p95), its last poll at the
// target's deadline or the model's bound_deadline; the models' schedules side by side on
// `threads` threads, the first model (in order) that none reaches named in the error.
void schedule_optimal(strategies::Optimal& optimal, const std::string& path,
                      const std::vector<sim::ModelProfile>& models, const BoundCache& bounds, unsigned threads) {
  const auto& target = optimal.target;
  const auto schedules = parallel_map(models.size(), threads, [&](std::size_t i) {
    const auto deadline = target.deadline_s > 0 ? std::optional{sim::Seconds{target.deadline_s}} : std::nullopt;
    if (target.p95_delay_s) {
      const auto tail = tail_optimal(CompletionLaw::of(models[i]), deadline.value_or(bound_deadline(models[i])),
                                     {sim::Seconds{*target.p95_delay_s}, 0.05});
      return tail ? std::optional{tail->polls} : std::nullopt;
    }
    const auto& bound = bounds.of(models[i], deadline);
    const auto schedule = target.lambda ? std::optional{bound.at_lambda(*target.lambda)}
                                        : bound.at_mean_delay(sim::Seconds{*target.mean_delay_s});
    return schedule ? std::optional{schedule->polls} : std::nullopt;
  });
  for (std::size_t i = 0; i < models.size(); ++i) {
    if (!schedules[i] && target.p95_delay_s)
      throw InputError(path + ".p95_delay_s",
                       fmt::format("no schedule keeps 95% of {}'s tasks within {} s: the deadline must be later than "
                                   "that and at most 1,499 times it",
                                   models[i].name, *target.p95_delay_s));
    if (!schedules[i])
      throw InputError(path + ".mean_delay_s", fmt::format("no schedule reaches a mean delay of {} s for {}",
                                                           *target.mean_delay_s, models[i].name));
    auto& times = optimal.per_model[models[i].name].times;
    for (const auto& t : *schedules[i]) times.push_back(std::chrono::round<Duration>(t));
  }
}

}  // namespace

std::span<const StrategyKind> strategy_kinds() { return kinds; }

std::string strategy_kinds_help() {
  std::string help = "Strategy kinds (scenario \"strategies\" entries; docs/strategies.md):\n";
  for (const auto& k : kinds) help += fmt::format("  {:<28} {}\n", k.name, k.summary);
  return help;
}

strategies::Strategy parse_strategy(const sim::StrategySpec& spec) {
  JsonFields f(spec.config, spec.path);
  f.find("kind");
  f.find("name");
  const auto kind =
      std::find_if(std::begin(kinds), std::end(kinds), [&](const auto& k) { return k.name == spec.kind; });
  if (kind == std::end(kinds))
    throw InputError(f.path_of("kind"), "unknown strategy kind \"" + spec.kind + "\" (" + kind_names() + ")");
  auto strategy = kind->parse(f);
  f.reject_unknown();
  return strategy;
}

strategies::NamedStrategy bind_strategy(strategies::NamedStrategy parsed, const std::string& path,
                                        const std::vector<sim::ModelProfile>& models, const BoundCache& bounds,
                                        unsigned threads) {
  if (auto* optimal = std::get_if<strategies::Optimal>(&parsed.strategy))
    schedule_optimal(*optimal, path, models, bounds, threads);
  return parsed;
}

strategies::NamedStrategy make_strategy(const sim::StrategySpec& spec, const std::vector<sim::ModelProfile>& models,
                                        const BoundCache& bounds) {
  return bind_strategy({spec.name, parse_strategy(spec)}, spec.path, models, bounds);
}

bool runs_on(const strategies::Strategy& strategy, const sim::ModelProfile& model) {
  const auto needs = strategies::needs(strategy);
  return (!needs.long_poll || model.long_poll.enabled) && (!needs.event_stream || model.event_stream.enabled) &&
         (!needs.progress || model.progress.enabled);
}

}  // namespace pollbench::bench
