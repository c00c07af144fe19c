#include "sim/scenario.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

#include "sim/arrival.hpp"
#include "sim/distribution_json.hpp"
#include "sim/input_error.hpp"
#include "sim/json_fields.hpp"
#include "sim/limits.hpp"

namespace pollbench::sim {

namespace {

Distribution distribution_or(JsonFields& f, const std::string& key, Distribution fallback) {
  const auto* value = f.find(key);
  return value == nullptr ? std::move(fallback) : parse_distribution(*value, f.path_of(key));
}

// A duration in seconds, zero or more, at most `max_s`.
double bounded_seconds(JsonFields& f, const std::string& key, double fallback, double max_s) {
  const double value = f.non_negative(key, fallback);
  if (value > max_s) throw InputError(f.path_of(key), fmt::format("must be at most {} s, got {}", max_s, value));
  return value;
}

FaultRates parse_faults(JsonFields& f) {
  FaultRates rates;
  rates.http_500 = f.probability("http_500", 0);
  rates.http_503 = f.probability("http_503", 0);
  rates.http_429 = f.probability("http_429", 0);
  rates.connection_reset = f.probability("connection_reset", 0);
  rates.timeout = f.probability("timeout", 0);
  rates.malformed_body = f.probability("malformed_body", 0);
  rates.retry_after = from_seconds(f.non_negative("retry_after_s", 1.0));
  if (rates.total() > 1.0) throw InputError(f.path(), fmt::format("fault rates add up to {}, above 1", rates.total()));
  f.reject_unknown();
  return rates;
}

ModelProfile parse_model(const nlohmann::json& j, const std::string& path) {
  JsonFields f(j, path);
  ModelProfile model;
  model.name = f.text("name");
  if (model.name.empty()) throw InputError(f.path_of("name"), "must not be empty");
  model.key = model_key(model.name);
  model.completion = parse_distribution(f.required("completion"), f.path_of("completion"));
  model.queue = distribution_or(f, "queue", Constant{0});
  model.hang_rate = f.probability("hang_rate", 0);
  model.response_time = distribution_or(f, "response_time", Constant{0});

  if (const auto* failure = f.find("failure")) {
    JsonFields ff(*failure, f.path_of("failure"));
    model.failure.rate = ff.probability("rate", 0);
    model.failure.code = ff.text("code", "500");
    model.failure.message = ff.text("message", "generation failed");
    model.failure.time = distribution_or(ff, "time", model.completion);
    ff.reject_unknown();
  } else {
    model.failure.time = model.completion;
  }
  if (model.failure.rate + model.hang_rate > 1.0)
    throw InputError(f.path_of("hang_rate"),
                     fmt::format("failure.rate + hang_rate is {}, above 1", model.failure.rate + model.hang_rate));
  if (const auto* faults = f.find("faults")) {
    JsonFields ff(*faults, f.path_of("faults"));
    model.faults = parse_faults(ff);
  }
  if (const auto* hint = f.find("poll_after_hint")) {
    JsonFields hf(*hint, f.path_of("poll_after_hint"));
    model.poll_after_hint.enabled = true;
    model.poll_after_hint.sigma = hf.non_negative("sigma", 0.3);
    model.poll_after_hint.fraction = hf.probability("fraction", 0.8);
    model.poll_after_hint.max = from_seconds(hf.positive("max_s", 60));
    hf.reject_unknown();
  }
  if (const auto* wait = f.find("long_poll")) {
    JsonFields lf(*wait, f.path_of("long_poll"));
    model.long_poll.enabled = true;
    model.long_poll.max_wait = from_seconds(bounded_seconds(lf, "max_wait_s", 60, limits::max_hold_s));
    model.long_poll.reset_rate = lf.probability("reset_rate", 0);
    lf.reject_unknown();
  }
  if (const auto* stream = f.find("event_stream")) {
    JsonFields sf(*stream, f.path_of("event_stream"));
    model.event_stream.enabled = true;
    model.event_stream.idle_cut = from_seconds(bounded_seconds(sf, "idle_cut_s", 60, limits::max_hold_s));
    model.event_stream.event_loss_rate = sf.probability("event_loss_rate", 0);
    if (model.event_stream.event_loss_rate > limits::max_event_loss_rate)
      throw InputError(
          sf.path_of("event_loss_rate"),
          fmt::format("must be at most {}, got {}", limits::max_event_loss_rate, model.event_stream.event_loss_rate));
    sf.reject_unknown();
  }
  if (const auto* progress = f.find("progress")) {
    JsonFields pf(*progress, f.path_of("progress"));
    model.progress.enabled = true;
    if (pf.has("sigma") && pf.has("error")) throw InputError(pf.path(), "progress takes sigma or error, not both");
    if (pf.has("error")) {
      model.progress.error = parse_distribution(pf.required("error"), pf.path_of("error"));
    } else {
      const double sigma = pf.non_negative("sigma", 0.1);
      if (sigma > limits::max_progress_sigma)
        throw InputError(pf.path_of("sigma"),
                         fmt::format("must be at most {}, got {}", limits::max_progress_sigma, sigma));
      model.progress.error = LogNormal{0, sigma};
    }
    model.progress.queue_slot = from_seconds(bounded_seconds(pf, "queue_slot_s", 0, limits::max_hold_s));
    pf.reject_unknown();
  }
  if (const auto* webhook = f.find("webhook")) {
    JsonFields wf(*webhook, f.path_of("webhook"));
    model.webhook.delay = distribution_or(wf, "delay", Constant{0});
    model.webhook.loss_rate = wf.probability("loss_rate", 0);
    model.webhook.duplicate_rate = wf.probability("duplicate_rate", 0);
    wf.reject_unknown();
  }
  f.reject_unknown();
  return model;
}

Arrival parse_arrival(JsonFields& f) {
  Arrival arrival;
  const auto kind = f.text("kind");
  if (kind == "all_at_once") {
    arrival.kind = ArrivalKind::all_at_once;
  } else if (kind == "window") {
    arrival.kind = ArrivalKind::window;
    const double window = f.positive("window_s");
    if (window > limits::max_arrival_span_s)
      throw InputError(f.path_of("window_s"),
                       fmt::format("must be at most {} s, got {}", limits::max_arrival_span_s, window));
    arrival.window = from_seconds(window);
  } else if (kind == "poisson") {
    arrival.kind = ArrivalKind::poisson;
    arrival.rate_per_s = f.positive("rate_per_s");
  } else {
    throw InputError(f.path_of("kind"), "unknown arrival kind \"" + kind + "\" (all_at_once, window, poisson)");
  }
  f.reject_unknown();
  return arrival;
}

std::vector<StrategySpec> parse_strategy_specs(const nlohmann::json& j, const std::string& path) {
  if (!j.is_array() || j.empty()) throw InputError(path, "expected a non-empty array of strategies");
  std::vector<StrategySpec> specs;
  std::set<std::string> names;
  for (std::size_t i = 0; i < j.size(); ++i) {
    JsonFields f(j[i], index_path(path, i));
    StrategySpec spec;
    spec.kind = f.text("kind");
    spec.name = f.text("name", spec.kind);
    spec.config = j[i];
    spec.path = f.path();
    if (!names.insert(spec.name).second)
      throw InputError(f.path_of("name"), "duplicate strategy name \"" + spec.name + "\"");
    specs.push_back(std::move(spec));
  }
  return specs;
}

}  // namespace

const ModelProfile* Scenario::find_model(const std::string& wanted) const {
  const auto found = std::ranges::find(models, wanted, &ModelProfile::name);
  return found == models.end() ? nullptr : &*found;
}

Scenario parse_scenario(const nlohmann::json& j) {
  JsonFields f(j, "");
  Scenario s;
  s.name = f.text("name", "unnamed");
  s.seed = f.count("seed", 1);
  s.tasks_per_model = f.count("tasks_per_model", 10000);
  if (s.tasks_per_model == 0 || s.tasks_per_model > limits::max_tasks_per_model)
    throw InputError("tasks_per_model",
                     fmt::format("must be 1 to {}, got {}", limits::max_tasks_per_model, s.tasks_per_model));
  s.clients_per_model = f.count("clients_per_model", 1);
  if (s.clients_per_model == 0 || s.clients_per_model > s.tasks_per_model)
    throw InputError("clients_per_model",
                     fmt::format("must be 1 to tasks_per_model ({}), got {}", s.tasks_per_model, s.clients_per_model));
  s.request_timeout = from_seconds(f.positive("request_timeout_s", 30.0));
  if (const auto* limit = f.find("rate_limit")) {
    JsonFields lf(*limit, "rate_limit");
    s.rate_limit.requests_per_s = lf.positive("requests_per_s");
    s.rate_limit.burst = lf.positive("burst", std::max(1.0, s.rate_limit.requests_per_s));
    if (s.rate_limit.burst < 1)
      throw InputError("rate_limit.burst", fmt::format("must be at least 1, got {}", s.rate_limit.burst));
    lf.reject_unknown();
  }
  if (const auto* arrival = f.find("arrival")) {
    JsonFields af(*arrival, "arrival");
    s.arrival = parse_arrival(af);
    check_arrival_span(s.arrival, s.tasks_per_model);
  }
  const auto& models = f.required("models");
  if (!models.is_array() || models.empty()) throw InputError("models", "expected a non-empty array of models");
  std::set<std::string> names;
  for (std::size_t i = 0; i < models.size(); ++i) {
    s.models.push_back(parse_model(models[i], index_path("models", i)));
    if (!names.insert(s.models.back().name).second)
      throw InputError(index_path("models", i) + ".name", "duplicate model \"" + s.models.back().name + "\"");
  }
  s.strategies = parse_strategy_specs(f.required("strategies"), "strategies");
  if (const auto* keys = f.find("api_keys")) {
    if (!keys->is_array()) throw InputError("api_keys", "expected an array of {key, webhook_secret}");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < keys->size(); ++i) {
      JsonFields kf((*keys)[i], index_path("api_keys", i));
      ApiKey key{kf.text("key"), kf.text("webhook_secret")};
      if (key.key.empty()) throw InputError(kf.path_of("key"), "must not be empty");
      if (key.webhook_secret.empty()) throw InputError(kf.path_of("webhook_secret"), "must not be empty");
      if (!seen.insert(key.key).second) throw InputError(kf.path_of("key"), "duplicate key \"" + key.key + "\"");
      kf.reject_unknown();
      s.api_keys.push_back(std::move(key));
    }
  }
  f.reject_unknown();
  return s;
}

Scenario load_scenario_file(const std::string& file) { return parse_scenario(read_json_file(file)); }

Scenario default_scenario() { return parse_scenario(builtin_scenario_json("default")); }

Scenario scenario_named(const std::string& file_or_builtin) {
  if (std::filesystem::exists(file_or_builtin)) return load_scenario_file(file_or_builtin);
  if (file_or_builtin.find_first_of("/.") != std::string::npos)
    throw InputError(file_or_builtin, "cannot open scenario file");
  return parse_scenario(builtin_scenario_json(file_or_builtin));
}

}  // namespace pollbench::sim
