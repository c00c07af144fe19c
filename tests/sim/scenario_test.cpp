#include <catch2/catch.hpp>

#include "sim/input_error.hpp"
#include "sim/scenario.hpp"

using namespace pollbench;
using nlohmann::json;

namespace {

json minimal() {
  return json::parse(R"({
    "models": [{"name": "m", "completion": {"kind": "lognormal", "median_s": 10, "sigma": 0.5}}],
    "strategies": [{"kind": "fixed_interval"}]
  })");
}

// The one line a user sees: "path: reason".
std::string refusal(const json& j) {
  try {
    sim::parse_scenario(j);
  } catch (const InputError& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("the built-in default scenario has the document's five models") {
  const auto s = sim::default_scenario();
  REQUIRE(s.models.size() == 5);
  for (const char* name : {"nano-banana", "flux-2", "sora-2", "veo-3-1", "suno"}) CHECK(s.find_model(name) != nullptr);
  CHECK(s.strategies.size() == 15);  // the guide's six, three corrected, hybrid webhook, server-hinted, optimal
  CHECK(s.tasks_per_model >= 10000);
}

TEST_CASE("defaults of a minimal scenario") {
  const auto s = sim::parse_scenario(minimal());
  CHECK(s.tasks_per_model == 10000);
  CHECK(s.arrival.kind == sim::ArrivalKind::all_at_once);
  CHECK(s.models[0].failure.rate == 0);
  CHECK(s.strategies[0].name == "fixed_interval");
}

TEST_CASE("bad scenarios are refused with the JSON path and the reason") {
  auto j = minimal();
  SECTION("unknown key") {
    j["models"][0]["completion"]["sigmaa"] = 1;
    CHECK(refusal(j) == "models[0].completion.sigmaa: unknown key");
  }
  SECTION("unknown top-level key") {
    j["taks_per_model"] = 5;
    CHECK(refusal(j) == "taks_per_model: unknown key");
  }
  SECTION("wrong type") {
    j["models"][0]["completion"]["median_s"] = "10";
    CHECK(refusal(j) == "models[0].completion.median_s: expected a number, got \"10\"");
  }
  SECTION("negative sigma") {
    j["models"][0]["completion"]["sigma"] = -0.5;
    CHECK(refusal(j) == "models[0].completion.sigma: must be > 0, got -0.5");
  }
  SECTION("probability above 1") {
    j["models"][0]["hang_rate"] = 1.5;
    CHECK(refusal(j) == "models[0].hang_rate: must be a probability in [0, 1], got 1.5");
  }
  SECTION("fault rates that add up above 1") {
    j["models"][0]["faults"] = {{"http_500", 0.6}, {"http_503", 0.6}};
    CHECK(refusal(j) == "models[0].faults: fault rates add up to 1.2, above 1");
  }
  SECTION("empty models") {
    j["models"] = json::array();
    CHECK(refusal(j) == "models: expected a non-empty array of models");
  }
  SECTION("unknown distribution kind") {
    j["models"][0]["completion"] = {{"kind", "cauchy"}};
    CHECK(refusal(j).starts_with("models[0].completion.kind: unknown distribution kind \"cauchy\""));
  }
  SECTION("lognormal with both sigma and p99") {
    j["models"][0]["completion"]["p99_s"] = 40;
    CHECK(refusal(j) == "models[0].completion: lognormal takes exactly one of sigma, p99_s");
  }
  SECTION("duplicate model") {
    j["models"].push_back(j["models"][0]);
    CHECK(refusal(j) == "models[1].name: duplicate model \"m\"");
  }
  SECTION("negative tasks") {
    j["tasks_per_model"] = -3;
    CHECK(refusal(j) == "tasks_per_model: expected a whole number >= 0, got -3");
  }
  SECTION("not an object") { CHECK(refusal(json::array()) == "(top level): expected an object, got []"); }
}

TEST_CASE("an unreadable or malformed scenario file is an input error") {
  CHECK_THROWS_AS(sim::load_scenario_file("/nonexistent/scenario.json"), InputError);
}

TEST_CASE("a model's status shapes: long polls, streams and progress with its error as sigma or a law") {
  auto j = minimal();
  j["models"][0]["long_poll"] = {{"max_wait_s", 30}, {"reset_rate", 0.01}};
  j["models"][0]["event_stream"] = json::object();
  j["models"][0]["progress"] = {{"error", {{"kind", "uniform"}, {"min_s", 0.8}, {"max_s", 1.25}}}, {"queue_slot_s", 2}};
  const auto m = sim::parse_scenario(j).models[0];
  CHECK(m.long_poll.enabled);
  CHECK(m.long_poll.max_wait == std::chrono::seconds{30});
  CHECK(m.event_stream.enabled);
  CHECK(m.event_stream.idle_cut == std::chrono::seconds{60});
  CHECK(m.progress.error.quantile(0.5).count() == Approx(1.025));
  CHECK(m.progress.queue_slot == std::chrono::seconds{2});
  j["models"][0]["progress"]["sigma"] = 0.2;
  CHECK(refusal(j) == "models[0].progress: progress takes sigma or error, not both");
  j["models"][0]["progress"] = {{"error", {{"kind", "uniform"}, {"min_s", 2}, {"max_s", 1}}}};
  CHECK(refusal(j).starts_with("models[0].progress.error"));
  CHECK_FALSE(sim::parse_scenario(minimal()).models[0].progress.enabled);
}
