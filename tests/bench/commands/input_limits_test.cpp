#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "tests/support/run_cli.hpp"

using namespace pollbench;
using testing::cli;
using testing::write_temp;

namespace {

// One model, one strategy, with `extra` top-level keys and the model's `completion`.
std::string scenario(const std::string& extra = "", const std::string& completion = R"({"kind": "constant",
                     "value_s": 20})") {
  return R"({"seed": 5, "tasks_per_model": 200, )" + extra + R"(
    "models": [{"name": "m", "completion": )" +
         completion + R"(}],
    "strategies": [{"kind": "fixed_interval", "interval_ms": 3000}]})";
}

// `run --scenario` on `text`: exit 2 and exactly `err` (after "error: ").
void run_refuses(const std::string& name, const std::string& text, const std::string& err) {
  INFO(name);
  const auto file = write_temp(name, text);
  const auto r = cli({"run", "--scenario", file});
  CHECK(r.code == 2);
  CHECK(r.err == "error: " + err + "\n");
}

std::string nested(int levels) {
  return std::string(static_cast<std::size_t>(levels), '[') + std::string(static_cast<std::size_t>(levels), ']');
}

// A mixture of one component, `levels` mixtures deep, around a constant.
std::string mixture(int levels) {
  // Built outside in, not by wrapping the law again and again: that copies the whole text
  // at every level, gigabytes at 20,000 levels (149 s of the test under AddressSanitizer).
  std::string law;
  for (int i = 0; i < levels; ++i) law += R"({"kind": "mixture", "components": [{"weight": 1, "distribution": )";
  law += R"({"kind": "constant", "value_s": 20})";
  for (int i = 0; i < levels; ++i) law += "}]}";
  return law;
}

// A baseline of the small scenario, for the check rows; its path.
std::string small_baseline() {
  const auto dir = std::filesystem::temp_directory_path() / "pollbench_limits_baseline";
  std::filesystem::create_directories(dir);
  const auto baseline = (dir / "baseline.json").string();
  const auto scenario_file = write_temp("pollbench_limits_scenario.json", scenario());
  REQUIRE(cli({"check", "--scenario", scenario_file, "--update-baseline", "--baseline", baseline}).code == 0);
  return baseline;
}

}  // namespace

TEST_CASE(
    "a number beyond a double exits 2 naming the field and the value - scenario - budgets - baseline - tolerances") {
  const auto file = write_temp("pollbench_1e999.json", scenario("", R"({"kind": "constant", "value_s": 1e999})"));
  const auto r = cli({"run", "--scenario", file});
  CHECK(r.code == 2);
  CHECK(r.err == "error: " + file + ": models[0].completion.value_s: number overflow parsing '1e999'\n");

  const auto baseline = small_baseline();
  const auto scenario_file = write_temp("pollbench_limits_scenario.json", scenario());
  const auto budgets = write_temp("pollbench_1e999_budgets.json", R"({"budgets": [
    {"model": "m", "strategy": "fixed_interval", "max": {"requests.mean": 5, "timeout_rate": -1e999}}]})");
  const auto b = cli({"check", "--baseline", baseline, "--scenario", scenario_file, "--budgets", budgets});
  CHECK(b.code == 2);
  CHECK(b.err == "error: " + budgets + ": budgets[0].max.timeout_rate: number overflow parsing '-1e999'\n");

  const auto tolerances = write_temp("pollbench_1e999_tolerances.json", R"({"requests.mean": {"relative": 1E+999}})");
  const auto t = cli({"check", "--baseline", baseline, "--scenario", scenario_file, "--tolerances", tolerances});
  CHECK(t.code == 2);
  CHECK(t.err == "error: " + tolerances + ": requests.mean.relative: number overflow parsing '1E+999'\n");

  auto text = testing::read_text(baseline);
  text.replace(text.find("\"mean\": ") + 8, 1, "1e999,");
  const auto broken = write_temp("pollbench_1e999_baseline.json", text);
  const auto c = cli({"check", "--baseline", broken, "--scenario", scenario_file});
  CHECK(c.code == 2);
  CHECK(c.err == "error: " + broken + ": results[0].requests.mean: number overflow parsing '1e999'\n");
}

TEST_CASE("JSON nested 100000 levels exits 2 - scenario - baseline - report --in") {
  const auto deep = write_temp("pollbench_deep.json", R"({"models": )" + nested(100'000) + "}");
  const std::string err = "error: " + deep +
                          ": models[0][0][0][0][0]...[0][0][0][0][0][0]"
                          ": nested deeper than 64 levels\n";
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"run", "--scenario", deep}, {"check", "--baseline", deep}, {"report", "--in", deep, "--out", "/tmp"}}) {
    const auto r = cli(args);
    CHECK(r.code == 2);
    CHECK(r.err == err);
  }
  // 64 levels are read (and then refused for what they hold), 65 are not.
  CHECK(cli({"run", "--scenario", write_temp("pollbench_64.json", nested(64))}).err ==
        "error: (top level): expected an object, got [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[...\n");
  CHECK_THAT(cli({"run", "--scenario", write_temp("pollbench_65.json", nested(65))}).err,
             Catch::EndsWith(": nested deeper than 64 levels\n"));
}

TEST_CASE("arrivals that would span more than a million seconds are refused - window - poisson - and via --tasks") {
  run_refuses("pollbench_window.json", scenario(R"("arrival": {"kind": "window", "window_s": 1e308},)"),
              "arrival.window_s: must be at most 1000000 s, got 1e+308");
  run_refuses("pollbench_poisson.json", scenario(R"("arrival": {"kind": "poisson", "rate_per_s": 1e-300},)"),
              "arrival.rate_per_s: 200 tasks at 1e-300 per second would arrive over 2e+302 s, more than 1000000 s: "
              "it must be at least 0.0002 per second");
  const auto slow =
      write_temp("pollbench_poisson_ok.json", scenario(R"("arrival": {"kind": "poisson", "rate_per_s": 1},)"));
  CHECK(cli({"run", "--scenario", slow}).code == 0);
  const auto r = cli({"run", "--scenario", slow, "--tasks", "10000000"});
  CHECK(r.code == 2);
  CHECK(r.err.starts_with("error: arrival.rate_per_s: 10000000 tasks at 1 per second would arrive over 1e+07 s"));
}

TEST_CASE("mixtures nest at most 8 deep - 20000 deep is refused at once") {
  const auto eight = write_temp("pollbench_mixture8.json", scenario("", mixture(8)));
  CHECK(cli({"run", "--scenario", eight}).code == 0);
  std::string path = "models[0].completion";
  for (int i = 0; i < 8; ++i) path += ".components[0].distribution";
  run_refuses("pollbench_mixture9.json", scenario("", mixture(9)), path + ": mixtures nested deeper than 8");
  const auto deep = write_temp("pollbench_mixture20000.json", scenario("", mixture(20'000)));
  const auto r = cli({"run", "--scenario", deep});
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::EndsWith(": nested deeper than 64 levels\n"));
}

TEST_CASE(
    "counts and cross-field rules - clients_per_model - tasks_per_model - adaptive max_ms - hint fraction - status "
    "shapes") {
  run_refuses("pollbench_clients.json", scenario(R"("clients_per_model": 1000000000000,)"),
              "clients_per_model: must be 1 to tasks_per_model (200), got 1000000000000");
  run_refuses("pollbench_tasks.json", R"({"tasks_per_model": 100000000, "models": [], "strategies": []})",
              "tasks_per_model: must be 1 to 10000000, got 100000000");
  auto adaptive = scenario();
  adaptive.replace(adaptive.find(R"({"kind": "fixed_interval", "interval_ms": 3000})"), 47,
                   R"({"kind": "adaptive", "models": {"m": {"initial_ms": 5000, "max_ms": 1000}}})");
  run_refuses("pollbench_adaptive.json", adaptive,
              "strategies[0].models.m.max_ms: must be at least initial_ms (5000), got 1000");
  auto hint = scenario();
  hint.replace(hint.find(R"("name": "m", )"), 13, R"("name": "m", "poll_after_hint": {"fraction": 5}, )");
  run_refuses("pollbench_hint.json", hint,
              "models[0].poll_after_hint.fraction: must be a probability in [0, 1], got 5");
  const auto model_with = [&](const std::string& field) {
    auto s = scenario();
    s.replace(s.find(R"("name": "m", )"), 13, R"("name": "m", )" + field + ", ");
    return s;
  };
  run_refuses("pollbench_wait.json", model_with(R"("long_poll": {"max_wait_s": 1e9})"),
              "models[0].long_poll.max_wait_s: must be at most 3600 s, got 1000000000");
  run_refuses("pollbench_cut.json", model_with(R"("event_stream": {"idle_cut_s": -1})"),
              "models[0].event_stream.idle_cut_s: must be >= 0, got -1");
  run_refuses("pollbench_loss.json", model_with(R"("event_stream": {"event_loss_rate": 1})"),
              "models[0].event_stream.event_loss_rate: must be at most 0.9, got 1");
  run_refuses("pollbench_sigma.json", model_with(R"("progress": {"sigma": 50})"),
              "models[0].progress.sigma: must be at most 5, got 50");
  run_refuses("pollbench_slot.json", model_with(R"("progress": {"queue_slot_s": 1e300})"),
              "models[0].progress.queue_slot_s: must be at most 3600 s, got 1e+300");
  run_refuses("pollbench_shape.json", model_with(R"("long_poll": {"max_wait": 5})"),
              "models[0].long_poll.max_wait: unknown key");
  // More clients than --tasks leaves the extra clients without tasks, which changes nothing.
  CHECK(cli({"run", "--tasks", "10", "--models", "suno", "--strategies", "concurrent"}).code == 0);
}

TEST_CASE("check refuses a baseline that cannot gate - a metric missing - 1e308 - a negative value") {
  const auto baseline = small_baseline();
  const auto scenario_file = write_temp("pollbench_limits_scenario.json", scenario());
  const auto text = testing::read_text(baseline);
  auto check_with = [&](const std::string& name, std::string changed) {
    const auto file = write_temp(name, changed);
    return std::pair{file, cli({"check", "--baseline", file, "--scenario", scenario_file})};
  };
  for (const std::string metric : {"timeout_rate", "http_429"}) {
    auto without = text;
    const auto at = without.find("\"" + metric + "\": ");
    REQUIRE(at != std::string::npos);
    without.erase(at, without.find('\n', at) - at + 1);
    const auto [file, r] = check_with("pollbench_missing_" + metric + ".json", without);
    CHECK(r.code == 2);
    CHECK(r.err ==
          "error: " + file + ": results[0]." + metric + ": missing: a metric the baseline lacks cannot gate\n");
  }
  struct Absurd {
    std::string key, metric, value, shown;
  };
  for (const auto& a :
       {Absurd{"\"peak_rps\": ", "peak_rps", "1e308", "1e+308"}, Absurd{"\"mean\": ", "requests.mean", "-5", "-5"}}) {
    auto absurd = text;
    const auto at = absurd.find(a.key) + a.key.size();
    absurd.replace(at, absurd.find_first_of(",\n", at) - at, a.value);
    const auto [file, r] = check_with("pollbench_absurd_baseline.json", absurd);
    CHECK(r.code == 2);
    CHECK(r.err == "error: " + file + ": results[0]." + a.metric + ": " + a.shown +
                       " cannot gate anything: must be 0 to 1e+09\n");
  }
  CHECK(check_with("pollbench_same_baseline.json", text).second.code == 0);
}

TEST_CASE("budgets and tolerances that could never fail the gate are refused") {
  const auto baseline = small_baseline();
  const auto scenario_file = write_temp("pollbench_limits_scenario.json", scenario());
  const auto budgets = write_temp("pollbench_absurd_budgets.json", R"({"budgets": [
    {"model": "m", "strategy": "fixed_interval", "max": {"requests.mean": 1e308}}]})");
  const auto b = cli({"check", "--baseline", baseline, "--scenario", scenario_file, "--budgets", budgets});
  CHECK(b.code == 2);
  CHECK(b.err ==
        "error: " + budgets + ".budgets[0].max.requests.mean: 1e+308 cannot gate anything: must be 0 to 1e+09\n");
  const auto tolerances = write_temp("pollbench_absurd_tolerances.json", R"({"requests.mean": {"relative": 1e300}})");
  const auto t = cli({"check", "--baseline", baseline, "--scenario", scenario_file, "--tolerances", tolerances});
  CHECK(t.code == 2);
  CHECK(t.err == "error: " + tolerances + ".requests.mean.relative: 1e+300 cannot gate anything: must be 0 to 1e+09\n");
}

TEST_CASE("tune --trace with an empty or header-only file exits 2") {
  const auto empty = write_temp("pollbench_empty_trace.csv", "");
  const auto r = cli({"tune", "--models", "suno", "--tasks", "10", "--trace", empty});
  CHECK(r.code == 2);
  CHECK(r.err == "error: " + empty + ": is empty: expected the header model,duration_s,state and rows\n");
  const auto header = write_temp("pollbench_header_trace.csv", "model,duration_s,state\n\n");
  const auto h = cli({"tune", "--models", "suno", "--tasks", "10", "--trace", header});
  CHECK(h.code == 2);
  CHECK(h.err == "error: " + header + ": has no rows after its header: nothing to fit\n");
}
