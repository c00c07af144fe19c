#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/run_cli.hpp"

using namespace pollbench;
using testing::cli;
using testing::write_temp;

TEST_CASE("run prints the comparison table") {
  const auto r = cli({"run", "--tasks", "200", "--models", "suno"});
  CHECK(r.code == 0);
  CHECK(r.out.find("fixed_interval") != std::string::npos);
  CHECK(r.out.find("sora-2") == std::string::npos);
  CHECK(r.out.find("resilient") != std::string::npos);
}

TEST_CASE("a named strategy that runs on none of the models is noted, and the others still run") {
  const auto r = cli({"run", "--tasks", "200", "--models", "sora-2", "--strategies", "long_poll,adaptive"});
  CHECK(r.code == 0);
  CHECK(r.err ==
        "note: long_poll runs on none of these models: none has the long polling, event stream or progress it "
        "needs (docs/scenario.md)\n");
  CHECK(r.out.find("adaptive") != std::string::npos);
  CHECK(cli({"run", "--tasks", "200", "--models", "sora-2"}).err.empty());  // not named: no note
}

TEST_CASE("a bad scenario file: one error line and exit code 2") {
  const auto file = write_temp("pollbench_bad.json", R"({"models": [], "strategies": [{"kind": "fixed_interval"}]})");
  const auto r = cli({"run", "--scenario", file});
  CHECK(r.code == 2);
  CHECK(r.err == "error: models: expected a non-empty array of models\n");
}

TEST_CASE("an unknown strategy kind is refused with its path") {
  const auto file = write_temp("pollbench_kind.json", R"({
    "models": [{"name": "m", "completion": {"kind": "constant", "value_s": 1}}],
    "strategies": [{"kind": "fixed_interval"}, {"kind": "smoke_signals"}]})");
  const auto r = cli({"run", "--scenario", file});
  CHECK(r.code == 2);
  CHECK(r.err.starts_with("error: strategies[1].kind: unknown strategy kind \"smoke_signals\""));
}

TEST_CASE("a bad strategy parameter is refused with its path") {
  const auto file = write_temp("pollbench_param.json", R"({
    "models": [{"name": "m", "completion": {"kind": "constant", "value_s": 1}}],
    "strategies": [{"kind": "exponential_backoff", "multiplier": 0.5}]})");
  const auto r = cli({"run", "--scenario", file});
  CHECK(r.code == 2);
  CHECK(r.err == "error: strategies[0].multiplier: must be 1 to 100, got 0.5\n");
}

TEST_CASE("malformed JSON - unknown names and bad flags exit 2") {
  CHECK(cli({"run", "--scenario", write_temp("pollbench_syntax.json", "{nope")}).code == 2);
  const auto r = cli({"run", "--models", "dall-e"});
  CHECK(r.code == 2);
  CHECK(r.err.starts_with("error: --models: unknown name \"dall-e\""));
  CHECK(cli({"run", "--format", "yaml"}).code == 2);
  CHECK(cli({"run", "--tasks", "0"}).code == 2);
  CHECK(cli({"frobnicate"}).code == 2);
}

TEST_CASE("run --out writes JSON - Markdown and CSV") {
  const auto dir = std::filesystem::temp_directory_path() / "pollbench_out_test";
  std::filesystem::remove_all(dir);
  const auto r = cli({"run", "--tasks", "100", "--models", "flux-2", "--out", dir.string(), "--format", "json"});
  CHECK(r.code == 0);
  for (const char* f : {"results.json", "results.md", "results.csv"}) CHECK(std::filesystem::exists(dir / f));
  std::ifstream in(dir / "results.json");
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  CHECK(text == r.out);
}

TEST_CASE("run --help explains the flags and the metrics") {
  const auto r = cli({"run", "--help"});
  CHECK(r.code == 0);
  for (const char* word : {"--scenario", "--strategies", "--models", "--tasks", "--seed", "--format", "--out",
                           "false t/o", "detection latency"})
    CHECK(r.out.find(word) != std::string::npos);
}

TEST_CASE("check exits 0 when nothing changed - 1 when a config got worse - 2 on a malformed baseline") {
  const auto dir = std::filesystem::temp_directory_path() / "pollbench_check_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto scenario = write_temp("pollbench_check_scenario.json", R"({
    "seed": 5, "tasks_per_model": 3000,
    "models": [{"name": "m", "completion": {"kind": "lognormal", "median_s": 20, "sigma": 0.6},
                "response_time": {"kind": "constant", "value_s": 0.1}}],
    "strategies": [{"kind": "fixed_interval", "interval_ms": 3000}]})");
  const auto baseline = (dir / "baseline.json").string();
  REQUIRE(cli({"check", "--baseline", baseline, "--scenario", scenario, "--update-baseline"}).code == 0);

  const auto same = cli({"check", "--baseline", baseline, "--scenario", scenario, "--junit", (dir / "j.xml").string()});
  CHECK(same.code == 0);
  CHECK(same.out.find("PASS: 1 rows checked") != std::string::npos);

  // A shorter interval: more requests per task, which the gate must catch.
  const auto shorter = write_temp("pollbench_check_shorter.json", R"({
    "seed": 5, "tasks_per_model": 3000,
    "models": [{"name": "m", "completion": {"kind": "lognormal", "median_s": 20, "sigma": 0.6},
                "response_time": {"kind": "constant", "value_s": 0.1}}],
    "strategies": [{"kind": "fixed_interval", "interval_ms": 2000}]})");
  const auto worse = cli({"check", "--baseline", baseline, "--scenario", shorter, "--junit", (dir / "j.xml").string()});
  CHECK(worse.code == 1);
  CHECK(worse.out.find("WORSE          m            fixed_interval       requests.mean") != std::string::npos);
  std::ifstream junit(dir / "j.xml");
  const std::string xml((std::istreambuf_iterator<char>(junit)), {});
  CHECK(xml.find("failures=\"1\"") != std::string::npos);
  CHECK(xml.find("<failure message=\"requests.mean") != std::string::npos);

  std::ofstream(baseline) << "{\"version\": \"0.1.0\", \"results\": ";
  const auto malformed = cli({"check", "--baseline", baseline, "--scenario", scenario});
  CHECK(malformed.code == 2);
  CHECK(malformed.err.starts_with("error: " + baseline + ": not valid JSON"));
}

TEST_CASE("tune refuses a malformed duration and an impossible rate with exit 2") {
  const auto r = cli({"tune", "--models", "suno", "--max-p95-delay", "soon"});
  CHECK(r.code == 2);
  CHECK(r.err == "error: --max-p95-delay: expected a duration such as 5s or 500ms, got \"soon\"\n");
  CHECK(cli({"tune", "--models", "suno", "--max-false-timeout-rate", "2"}).code == 2);
  CHECK(cli({"tune", "--models", "suno", "--trace", "/nonexistent.csv"}).code == 2);
}

TEST_CASE("sharded runs merged give byte-identical JSON to the whole run") {
  const auto dir = std::filesystem::temp_directory_path() / "pollbench_shards";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto whole = cli({"run", "--tasks", "300", "--format", "json"});
  REQUIRE(whole.code == 0);
  std::vector<std::string> merge_args = {"merge", "--in"};
  for (int i = 3; i-- > 0;) {  // written, and given to merge, out of order on purpose
    const auto part = cli({"run", "--tasks", "300", "--format", "json", "--shard", std::to_string(i) + "/3"});
    REQUIRE(part.code == 0);
    CHECK(part.out.find("\"shard\"") != std::string::npos);
    const auto file = (dir / ("shard" + std::to_string(i) + ".json")).string();
    std::ofstream(file) << part.out;
    merge_args.push_back(file);
  }
  const auto merged = cli(merge_args);
  CHECK(merged.code == 0);
  CHECK(merged.out == whole.out);

  CHECK(merged.out.find("\"paired_requests\"") != std::string::npos);
  // The merge compares the picks with the scenario the shards ran; one that is not theirs
  // leaves the comparisons out, and says so.
  auto other_scenario = merge_args;
  other_scenario.insert(other_scenario.begin() + 1, {"--scenario", "burst"});
  const auto mismatched = cli(other_scenario);
  CHECK(mismatched.code == 0);
  CHECK(mismatched.out.find("\"paired_requests\"") == std::string::npos);
  CHECK_THAT(mismatched.err, Catch::Contains("no paired comparisons"));
  // A --scenario that cannot be read is bad input, named with its flag's file.
  auto unreadable = merge_args;
  unreadable.insert(unreadable.begin() + 1, {"--scenario", (dir / "missing.json").string()});
  const auto refused = cli(unreadable);
  CHECK(refused.code == 2);
  CHECK_THAT(refused.err, Catch::StartsWith("error: ") && Catch::Contains("missing.json"));

  merge_args.pop_back();  // a missing shard
  CHECK(cli(merge_args).code == 2);
  CHECK(cli({"run", "--shard", "2/2"}).code == 2);
}

TEST_CASE("sharded tunes merged give byte-identical JSON to the whole tune") {
  const auto dir = std::filesystem::temp_directory_path() / "pollbench_tune_shards";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::vector<std::string> base = {"tune", "--models", "nano-banana", "--tasks", "100", "--format", "json"};
  auto with = [&](std::vector<std::string> extra) {
    auto args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return cli(args);
  };
  const auto whole = with({});
  REQUIRE(whole.code == 0);
  std::vector<std::string> merge_args = {"merge", "--format", "json", "--in"};
  for (int i = 0; i < 2; ++i) {
    const auto part = with({"--shard", std::to_string(i) + "/2"});
    REQUIRE(part.code == 0);
    const auto file = (dir / ("tune" + std::to_string(i) + ".json")).string();
    std::ofstream(file) << part.out;
    merge_args.push_back(file);
  }
  const auto merged = cli(merge_args);
  CHECK(merged.code == 0);
  CHECK(merged.out == whole.out);
}

TEST_CASE("run --live refuses bad flags with exit 2 before anything starts") {
  const auto without_live = cli({"run", "--target", "http://127.0.0.1:1"});
  CHECK(without_live.code == 2);
  CHECK(without_live.err == "error: --target: only with --live\n");
  CHECK(cli({"run", "--live", "--shard", "0/2"}).err == "error: --shard: a live run is not sharded\n");
  CHECK_THAT(cli({"run", "--live", "--time-scale", "-1"}).err,
             Catch::StartsWith("error: --time-scale: expected a number from 0.001 to 1000000"));
  // Port 1 of loopback has no server: the target cannot say which scenario it plays.
  const auto unreachable = cli({"run", "--live", "--target", "http://127.0.0.1:1", "--api-key", "k"});
  CHECK(unreachable.code == 2);
  CHECK_THAT(unreachable.err, Catch::Contains("error: --target: http://127.0.0.1:1 did not answer GET /admin/stats"));
}
