#include <catch2/catch.hpp>

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
  const auto s = std::get<strategies::Adaptive>(built(
      R"({"kind":"adaptive","models":{"m":{"initial_ms":1000}},"default":{"interval_ms":7000,"max_ms":90000}})"));
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
