#include <catch2/catch.hpp>
#include <fstream>

#include "bench/strategy_catalog.hpp"
#include "sim/input_error.hpp"

using namespace pollbench;
using namespace std::chrono_literals;

namespace {

strategies::Strategy built(const std::string& json) {
  const auto config = nlohmann::json::parse(json);
  return bench::make_strategy({config["kind"], config["kind"], config, "strategies[0]"}, {}).strategy;
}

}  // namespace

TEST_CASE("strategy catalog: an adaptive model entry falls back to the scenario's default for what it leaves out") {
  const auto s = std::get<strategies::Adaptive>(
      built(R"({"kind":"adaptive","models":{"m":{"initial_ms":1000}},"default":{"interval_ms":7000,"max_ms":90000}})"));
  const auto& m = s.for_model("m").config;
  CHECK(m.initial == 1000ms);
  CHECK(m.interval == 7000ms);
  CHECK(m.max == 90000ms);
}

TEST_CASE("strategy catalog: strategies built on the steady poll all take initial_ms 0 and refuse a negative one") {
  CHECK(std::get<strategies::HybridWebhook>(built(R"({"kind":"hybrid_webhook","initial_ms":0})")).initial == 0ms);
  CHECK(std::get<strategies::ServerHinted>(built(R"({"kind":"server_hinted","initial_ms":0})")).initial == 0ms);
  CHECK_THROWS_AS(built(R"({"kind":"hybrid_webhook","initial_ms":-1})"), InputError);
  CHECK(std::get<strategies::HybridWebhook>(built(R"({"kind":"hybrid_webhook"})")).initial == 60000ms);
}

TEST_CASE("strategy catalog: the ways of waiting on the server refuse bad parameters with their field") {
  const auto refused = [](const std::string& entry) {
    try {
      built(entry);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(refused(R"({"kind":"long_poll","wait_ms":0})").starts_with("strategies[0].wait_ms"));
  CHECK(refused(R"({"kind":"long_poll","deadline_ms":1e300})").starts_with("strategies[0].deadline_ms"));
  CHECK(refused(R"({"kind":"event_stream","max_cuts":0})").starts_with("strategies[0].max_cuts"));
  CHECK(refused(R"({"kind":"event_stream","interval_ms":-5})").starts_with("strategies[0].interval_ms"));
  CHECK(refused(R"({"kind":"progress_aware","spread_fraction":2})").starts_with("strategies[0].spread_fraction"));
  CHECK(refused(R"({"kind":"progress_aware","min_gap_ms":"1s"})").starts_with("strategies[0].min_gap_ms"));
  CHECK(
      std::get<strategies::ProgressAware>(built(R"({"kind":"progress_aware","spread_fraction":0})")).spread_fraction ==
      0);
}

TEST_CASE("strategy catalog: every kind of the one list parses with its defaults and is documented") {
  const auto read = [](const std::string& path) {
    std::ifstream in(std::string(POLLBENCH_SOURCE_DIR) + "/" + path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const auto scenario_doc = read("docs/scenario.md"), strategies_doc = read("docs/strategies.md");
  REQUIRE(bench::strategy_kinds().size() == 19);
  for (const auto& kind : bench::strategy_kinds()) {
    const std::string name(kind.name);
    INFO(name);
    CHECK_NOTHROW(built(R"({"kind":")" + name + R"("})"));
    CHECK(scenario_doc.find("`" + name + "`") != std::string::npos);
    CHECK(strategies_doc.find(name) != std::string::npos);
    CHECK(bench::strategy_kinds_help().find(name) != std::string::npos);
  }
}

TEST_CASE("strategy catalog: an unknown kind is refused with every known kind named") {
  try {
    built(R"({"kind":"fixed"})");
    FAIL("accepted");
  } catch (const InputError& e) {
    const std::string message = e.what();
    CHECK(message.find("strategies[0].kind") != std::string::npos);
    for (const auto& kind : bench::strategy_kinds()) CHECK(message.find(std::string(kind.name)) != std::string::npos);
  }
}

TEST_CASE("strategy catalog: an optimal entry is read without computing - binding to models computes each schedule") {
  const auto config = nlohmann::json::parse(R"({"kind":"optimal","mean_delay_s":3})");
  const sim::StrategySpec spec{"optimal", "optimal", config, "strategies[0]"};
  const auto parsed = std::get<strategies::Optimal>(bench::parse_strategy(spec));
  CHECK(parsed.target.mean_delay_s == 3.0);
  CHECK(parsed.per_model.empty());
  const auto scenario = sim::default_scenario();
  const auto bound = std::get<strategies::Optimal>(bench::make_strategy(spec, {scenario.models[0]}).strategy);
  CHECK(bound.for_model(scenario.models[0].name).times.size() > 1);
  // A target no schedule reaches is refused with its field.
  const sim::StrategySpec unreachable{
      "optimal", "optimal", nlohmann::json::parse(R"({"kind":"optimal","mean_delay_s":1e-300})"), "strategies[4]"};
  CHECK_THROWS_WITH(bench::make_strategy(unreachable, {scenario.models[0]}),
                    Catch::StartsWith("strategies[4].mean_delay_s: no schedule reaches a mean delay of 1e-300 s for"));
}

TEST_CASE(
    "strategy catalog: an optimal entry for a p95 limit - one target only - a limit past the deadline is refused") {
  const auto scenario = sim::default_scenario();
  const auto spec = [](const char* json) {
    return sim::StrategySpec{"optimal", "optimal", nlohmann::json::parse(json), "strategies[2]"};
  };
  const auto bound = std::get<strategies::Optimal>(
      bench::make_strategy(spec(R"({"kind":"optimal","p95_delay_s":4})"), {scenario.models[0]}).strategy);
  const auto& times = bound.for_model(scenario.models[0].name).times;
  REQUIRE(times.size() > 1);
  // The gaps where most tasks finish are the 4 s the limit allows.
  std::size_t at_the_limit = 0;
  for (std::size_t k = 1; k < times.size(); ++k) at_the_limit += times[k] - times[k - 1] == std::chrono::seconds{4};
  CHECK(at_the_limit >= 3);
  CHECK_THROWS_WITH(bench::parse_strategy(spec(R"({"kind":"optimal","p95_delay_s":4,"lambda":1})")),
                    "strategies[2]: optimal takes one of mean_delay_s, lambda, p95_delay_s");
  CHECK_THROWS_WITH(bench::parse_strategy(spec(R"({"kind":"optimal","p95_delay_s":-1})")),
                    Catch::StartsWith("strategies[2].p95_delay_s: "));
  CHECK_THROWS_WITH(bench::parse_strategy(spec(R"({"kind":"optimal","p95_delay_s":1e12})")),
                    "strategies[2].p95_delay_s: must be at most 2592000 (30 days), got 1000000000000");
  CHECK_THROWS_WITH(
      bench::make_strategy(spec(R"({"kind":"optimal","p95_delay_s":90,"deadline_s":60})"), {scenario.models[0]}),
      Catch::StartsWith("strategies[2].p95_delay_s: no schedule keeps 95% of nano-banana's tasks within 90 s"));
  CHECK_THROWS_WITH(
      bench::make_strategy(spec(R"({"kind":"optimal","p95_delay_s":0.01})"), {scenario.models[0]}),
      Catch::Contains("no schedule keeps 95% of nano-banana's tasks within 0.01 s") && Catch::Contains("1,499 times"));
}

TEST_CASE("strategy catalog: a duration past 30 days is refused with its field, not overflowed") {
  for (const auto* json :
       {R"({"kind":"fixed_interval","interval_ms":1e300})", R"({"kind":"resilient","max_time_ms":3e9})",
        R"({"kind":"adaptive","default":{"max_ms":1e20}})", R"({"kind":"backoff_full_jitter","cap_ms":2592000001})"}) {
    INFO(json);
    CHECK_THROWS_WITH(built(json),
                      Catch::Contains("strategies[0].") && Catch::Contains("must be at most 2592000000 (30 days)"));
  }
  CHECK(std::get<strategies::FixedInterval>(built(R"({"kind":"fixed_interval","interval_ms":2592000000})")).interval ==
        std::chrono::hours{24 * 30});
}
