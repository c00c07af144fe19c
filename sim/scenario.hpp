#pragma once
// A scenario: the models, the workload, the strategies to compare and the seed.
// Strategies stay as JSON here, sim/ knows nothing of strategies; bench::Workload reads
// them into typed strategies where a scenario enters a run.

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model_profile.hpp"
#include "sim/token_bucket.hpp"

namespace pollbench::sim {

enum class ArrivalKind : std::uint8_t { all_at_once, window, poisson };

struct Arrival {
  ArrivalKind kind = ArrivalKind::all_at_once;
  Duration window{};      // window: submissions uniform over [0, window)
  double rate_per_s = 0;  // poisson: mean submissions per second
};

struct StrategySpec {
  std::string name;  // the row label; defaults to kind
  std::string kind;
  nlohmann::json config;  // the whole object, for the strategy catalog to read
  std::string path;       // "strategies[3]", for error messages
};

// A client of the mock server: its bearer key, and the secret its webhooks are signed with.
struct ApiKey {
  std::string key;
  std::string webhook_secret;
};

struct Scenario {
  std::string name;
  std::uint64_t seed = 1;
  std::uint64_t tasks_per_model = 10000;
  Arrival arrival;
  std::uint64_t clients_per_model = 1;  // tasks of a model are dealt round-robin to clients
  Duration request_timeout = std::chrono::seconds{30};
  RateLimit rate_limit;  // per client key; requests_per_s 0 means none
  std::vector<ModelProfile> models;
  std::vector<StrategySpec> strategies;
  std::vector<ApiKey> api_keys;  // for `pollbench serve`; none means a development key

  const ModelProfile* find_model(const std::string& name) const;
};

// Throws InputError with the JSON path of the first problem.
Scenario parse_scenario(const nlohmann::json& j);
Scenario load_scenario_file(const std::string& file);

// Built-in scenarios by name: "default", the guide's five models and every strategy
// (docs/default-scenario.md); "burst", 10,000 tasks submitted at once (docs/scenario.md).
const nlohmann::json& builtin_scenario_json(std::string_view name);
std::vector<std::string> builtin_scenario_names();
Scenario default_scenario();
// A scenario file, or a built-in scenario when no such file exists.
Scenario scenario_named(const std::string& file_or_builtin);

}  // namespace pollbench::sim
