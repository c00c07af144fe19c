#include "bench/strategy_catalog.hpp"

#include <fmt/format.h>

#include "bench/optimal_schedule.hpp"
#include "sim/input_error.hpp"
#include "sim/json_fields.hpp"

namespace pollbench::bench {

namespace {

using sim::JsonFields;
using strategies::Duration;

Duration positive_ms(JsonFields& f, const std::string& key, Duration fallback) {
  const double ms = f.positive(key, std::chrono::duration<double, std::milli>(fallback).count());
  return std::chrono::round<Duration>(std::chrono::duration<double, std::milli>(ms));
}

Duration non_negative_ms(JsonFields& f, const std::string& key, Duration fallback) {
  const double ms = f.non_negative(key, std::chrono::duration<double, std::milli>(fallback).count());
  return std::chrono::round<Duration>(std::chrono::duration<double, std::milli>(ms));
}

std::uint32_t at_least_one(JsonFields& f, const std::string& key, std::uint32_t fallback) {
  const auto n = f.count(key, fallback);
  if (n < 1 || n > 1'000'000) throw InputError(f.path_of(key), fmt::format("must be 1 to 1000000, got {}", n));
  return static_cast<std::uint32_t>(n);
}

double multiplier(JsonFields& f, double fallback) {
  const double m = f.number("multiplier", fallback);
  if (m < 1 || m > 100) throw InputError(f.path_of("multiplier"), fmt::format("must be 1 to 100, got {}", m));
  return m;
}

strategies::AdaptiveConfig adaptive_config(const nlohmann::json& j, const std::string& path,
                                           const strategies::AdaptiveConfig& fallback) {
  JsonFields f(j, path);
  strategies::AdaptiveConfig c;
  c.initial = non_negative_ms(f, "initial_ms", fallback.initial);
  c.interval = positive_ms(f, "interval_ms", fallback.interval);
  c.max = positive_ms(f, "max_ms", fallback.max);
  f.reject_unknown();
  return c;
}

// Polls every interval_ms, at most max_attempts times: the guide's fixed interval and its
// concurrent poller take the same two knobs.
template <class Strategy>
Strategy interval_and_attempts(JsonFields& f) {
  Strategy s;
  s.interval = positive_ms(f, "interval_ms", s.interval);
  s.max_attempts = at_least_one(f, "max_attempts", s.max_attempts);
  return s;
}

// The knobs of every strategy built on SteadyPoll.
template <class Strategy>
Strategy steady_poll(JsonFields& f) {
  Strategy s;
  s.initial = non_negative_ms(f, "initial_ms", s.initial);
  s.interval = positive_ms(f, "interval_ms", s.interval);
  s.deadline = positive_ms(f, "deadline_ms", s.deadline);
  return s;
}

strategies::Strategy parse_adaptive(JsonFields& f) {
  strategies::Adaptive a;
  // The default first: a model's entry falls back to it for the keys it leaves out.
  if (const auto* fallback = f.find("default")) a.fallback = adaptive_config(*fallback, f.path_of("default"), a.fallback);
  if (const auto* models = f.find("models")) {
    const auto path = f.path_of("models");
    if (!models->is_object()) throw InputError(path, "expected an object of model name -> {initial_ms, interval_ms, max_ms}");
    a.per_model.clear();
    for (const auto& [model, config] : models->items())
      a.per_model[model] = adaptive_config(config, path + "." + model, a.fallback);
  }
  return a;
}

// Per model: the optimum at the wanted mean detection delay (or lambda), its last poll at
// the given deadline or the model's bound_deadline.
strategies::Strategy parse_optimal(JsonFields& f, const std::vector<sim::ModelProfile>& models) {
  if (f.has("mean_delay_s") && f.has("lambda")) throw InputError(f.path(), "optimal takes one of mean_delay_s, lambda");
  const bool by_lambda = f.has("lambda");
  const double lambda = by_lambda ? f.positive("lambda") : 0;
  const double mean_delay = by_lambda ? 0 : f.positive("mean_delay_s", 2.0);
  const double deadline = f.non_negative("deadline_s", 0);
  strategies::Optimal optimal;
  for (const auto& m : models) {
    const OptimalBound bound(CompletionLaw::of(m), deadline > 0 ? sim::Seconds{deadline} : bound_deadline(m));
    const auto schedule = by_lambda ? std::optional{bound.at_lambda(lambda)} : bound.at_mean_delay(sim::Seconds{mean_delay});
    if (!schedule)
      throw InputError(f.path_of("mean_delay_s"), fmt::format("no schedule reaches a mean delay of {} s for {}", mean_delay, m.name));
    auto& times = optimal.per_model[m.name].times;
    for (const auto& t : schedule->polls) times.push_back(std::chrono::round<Duration>(t));
  }
  return optimal;
}

std::optional<strategies::Jitter> jitter_of(const std::string& kind) {
  if (kind == "capped_exponential") return strategies::Jitter::none;
  if (kind == "backoff_full_jitter") return strategies::Jitter::full;
  if (kind == "backoff_equal_jitter") return strategies::Jitter::equal;
  if (kind == "backoff_decorrelated_jitter") return strategies::Jitter::decorrelated;
  return std::nullopt;
}

strategies::Strategy parse(JsonFields& f, const std::string& kind, const std::vector<sim::ModelProfile>& models) {
  if (kind == strategies::FixedInterval::kind) return interval_and_attempts<strategies::FixedInterval>(f);
  if (kind == strategies::Adaptive::kind) return parse_adaptive(f);
  if (kind == strategies::ExponentialBackoff::kind) {
    strategies::ExponentialBackoff s;
    s.initial = positive_ms(f, "initial_ms", s.initial);
    s.multiplier = multiplier(f, s.multiplier);
    s.max_interval = positive_ms(f, "max_interval_ms", s.max_interval);
    s.max_time = positive_ms(f, "max_time_ms", s.max_time);
    return s;
  }
  if (kind == strategies::ConcurrentPoller::kind) return interval_and_attempts<strategies::ConcurrentPoller>(f);
  if (kind == strategies::Webhook::kind) return strategies::Webhook{};
  if (kind == strategies::ServerHinted::kind) return steady_poll<strategies::ServerHinted>(f);
  if (kind == strategies::HybridWebhook::kind) return steady_poll<strategies::HybridWebhook>(f);
  if (kind == strategies::Resilient::kind) {
    strategies::Resilient s;
    s.interval = positive_ms(f, "interval_ms", s.interval);
    s.max_time = positive_ms(f, "max_time_ms", s.max_time);
    s.max_network_retries = at_least_one(f, "max_network_retries", s.max_network_retries);
    s.retry_step = positive_ms(f, "retry_step_ms", s.retry_step);
    return s;
  }
  if (kind == strategies::Optimal::kind) return parse_optimal(f, models);
  if (kind == strategies::CorrectedAdaptive::kind) return strategies::CorrectedAdaptive{std::get<strategies::Adaptive>(parse_adaptive(f))};
  if (kind == strategies::CorrectedConcurrent::kind)
    return strategies::CorrectedConcurrent{std::get<strategies::Adaptive>(parse_adaptive(f))};
  if (kind == strategies::BatchConcurrent::kind) {
    strategies::BatchConcurrent s;
    s.max_batch = at_least_one(f, "max_batch", 50);
    s.table = std::get<strategies::Adaptive>(parse_adaptive(f));
    return s;
  }
  if (const auto jitter = jitter_of(kind)) {
    strategies::Backoff s{*jitter};
    s.base = positive_ms(f, "base_ms", s.base);
    s.multiplier = multiplier(f, s.multiplier);
    s.cap = positive_ms(f, "cap_ms", s.cap);
    s.deadline = positive_ms(f, "deadline_ms", s.deadline);
    return s;
  }
  throw InputError(f.path_of("kind"), "unknown strategy kind \"" + kind +
                                          "\" (fixed_interval, adaptive, exponential_backoff, concurrent, webhook, "
                                          "resilient, hybrid_webhook, server_hinted, optimal, corrected_adaptive, corrected_concurrent, batch_concurrent, capped_exponential, backoff_full_jitter, "
                                          "backoff_equal_jitter, backoff_decorrelated_jitter)");
}

}  // namespace

strategies::NamedStrategy make_strategy(const sim::StrategySpec& spec, const std::vector<sim::ModelProfile>& models) {
  JsonFields f(spec.config, spec.path);
  f.find("kind");
  f.find("name");
  auto strategy = parse(f, spec.kind, models);
  f.reject_unknown();
  return {spec.name, std::move(strategy)};
}

std::vector<strategies::NamedStrategy> make_strategies(const std::vector<sim::StrategySpec>& specs,
                                                       const std::vector<sim::ModelProfile>& models) {
  std::vector<strategies::NamedStrategy> out;
  out.reserve(specs.size());
  for (const auto& spec : specs) out.push_back(make_strategy(spec, models));
  return out;
}

}  // namespace pollbench::bench
