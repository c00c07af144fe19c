#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bench/metrics.hpp"
#include "bench/tune/trace_fit.hpp"
#include "bench/run/simulation_run.hpp"
#include "bench/run/workload.hpp"
#include "bench/strategy_catalog.hpp"
#include "bench/tune/tuner.hpp"
#include "reports/tune_reader.hpp"
#include "reports/tune_reporter.hpp"
#include "reports/tune_verdicts.hpp"
#include "sim/input_error.hpp"

using namespace pollbench;

namespace {

std::string write_trace(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

sim::Scenario image_scenario() {
  return sim::parse_scenario(nlohmann::json::parse(R"({
    "seed": 4, "tasks_per_model": 600,
    "models": [{"name": "img", "completion": {"kind": "lognormal", "median_s": 12, "sigma": 0.5},
                "response_time": {"kind": "constant", "value_s": 0.1}}],
    "strategies": [{"kind": "adaptive"}]})"));
}

}  // namespace

TEST_CASE("fitting a law to durations: lognormal samples give a lognormal with a small KS distance") {
  sim::RandomStream random({1, 2, 3, sim::Purpose::truth, 0});
  std::vector<double> xs;
  for (int i = 0; i < 5000; ++i) xs.push_back(std::exp(std::log(10.0) + 0.5 * random.normal()));
  sim::Distribution fitted = sim::Constant{0};
  const auto fit = bench::fit_law("m", xs, fitted);
  CHECK(fit.law.starts_with("lognormal median"));
  CHECK(fit.ks_statistic < 0.03);
  CHECK(fitted.quantile(0.5).count() == Approx(10).epsilon(0.03));
}

TEST_CASE("a trace replaces the model's law and rates - bad lines are refused with their line number") {
  auto scenario = image_scenario();
  std::string csv = "model,duration_s,state\n";
  for (int i = 1; i <= 90; ++i) csv += "img," + std::to_string(20 + i % 7) + ",success\n";
  for (int i = 1; i <= 8; ++i) csv += "img," + std::to_string(3 + i) + ",failed\n";
  csv += "img,600,hang\nimg,600,hang\nnew-model,5,success\nnew-model,6,success\n";
  const auto fits = bench::apply_trace(scenario, write_trace("pollbench_trace.csv", csv));
  REQUIRE(fits.size() == 2);
  const auto* img = scenario.find_model("img");
  CHECK(img->failure.rate == Approx(0.08));
  CHECK(img->hang_rate == Approx(0.02));
  CHECK(img->completion.quantile(0.5).count() == Approx(23).epsilon(0.05));
  CHECK(scenario.find_model("new-model") != nullptr);

  CHECK_THROWS_WITH(bench::apply_trace(scenario, write_trace("pollbench_bad_trace.csv",
                                                             "model,duration_s,state\nimg,5,success\nimg,x,success\n")),
                    Catch::Matchers::EndsWith("pollbench_bad_trace.csv:3: duration_s is not a number: \"x\""));
  CHECK_THROWS_AS(bench::apply_trace(scenario, write_trace("pollbench_hdr.csv", "a,b\n")), InputError);
}

TEST_CASE("a trace's durations are at most 30 days - 3e227 s made the gamma fit nan and its sampling hang") {
  // trace_fuzz found it: the variance overflowed, the shape became nan, and Marsaglia and
  // Tsang's loop never accepted a draw.
  auto scenario = image_scenario();
  CHECK_THROWS_WITH(
      bench::apply_trace_text(
          scenario, "model,duration_s,state\nimg,120.5,success\nimg,98,success\nimg,300e225,success\n", "huge.csv"),
      "huge.csv:4: duration_s must be > 0 and at most 2592000 (30 days), got 3e+227");
  CHECK_THROWS_WITH(bench::apply_trace_text(scenario, "model,duration_s,state\nimg,inf,success\n", "inf.csv"),
                    "inf.csv:2: duration_s must be > 0 and at most 2592000 (30 days), got inf");
  CHECK(bench::apply_trace_text(scenario, "model,duration_s,state\nimg,2592000,success\nimg,20,success\n", "long.csv")
            .size() == 1);
}

TEST_CASE("a trace whose failed rows are all one duration fits a failure law that evaluates") {
  // trace_fuzz found it: no variance made a gamma of shape 5e18, whose cdf was nan.
  auto scenario = image_scenario();
  const auto fits = bench::apply_trace_text(
      scenario, "model,duration_s,state\nimg,20,success\nimg,22,success\nimg,2311,failed\nimg,2311,failed\n",
      "equal.csv");
  REQUIRE(fits.size() == 1);
  const auto& failure = scenario.find_model("img")->failure;
  CHECK(failure.rate == Approx(0.5));
  for (double t : {1.0, 2310.0, 2311.0, 2312.0, 1e9}) {
    INFO(t);
    const double f = failure.time.cdf(sim::Seconds{t});
    CHECK(f >= 0);
    CHECK(f <= 1);
  }
  CHECK(failure.time.quantile(0.5).count() == Approx(2311).epsilon(1e-6));
  CHECK(failure.time.mean().count() == Approx(2311).epsilon(1e-6));
}

TEST_CASE("tune: the chosen configs keep to the constraints and beat the guide's requests") {
  const auto result = bench::tune(image_scenario(), {8.0, 0.01});
  REQUIRE(result.families.size() == 5);
  CHECK(result.holdout_seed == image_scenario().seed + 1);
  CHECK(result.holdout_tasks == 10 * image_scenario().tasks_per_model);
  for (const auto& f : result.families) {
    INFO(f.family);
    CHECK(f.tuned_result.detection_latency_s.p95 <= 8.0);
    CHECK(f.tuned_result.false_timeout_rate <= 0.01);
    if (f.improved) CHECK(f.tuned_result.requests.mean < f.document_result.requests.mean);
    // Run again on the fresh tasks, and judged there.
    CHECK(f.document_holdout.tasks == result.holdout_tasks);
    CHECK(f.tuned_holdout.tasks == result.holdout_tasks);
    // A false-timeout limit the user gave is held as measured.
    if (f.holds_on_holdout) CHECK(f.tuned_holdout.false_timeout_rate <= 0.01);
    if (f.holds_on_holdout) CHECK(f.tuned_holdout.detection_latency_s.p95 <= 8.0);
  }
  const auto& adaptive = result.families[1];
  CHECK(adaptive.improved);
  const auto config = reports::polling_config_json(result);
  REQUIRE(config.contains("img"));
  for (const char* key : {"initial", "interval", "max"}) CHECK(config["img"][key].is_number());
  const auto everything = reports::tune_json(result);
  CHECK(everything["strategies"].size() == 5);
  CHECK(everything["per_model"].size() == 1);
  // It reads back whole; a broken adaptive entry or shard is an input error, not a crash.
  CHECK(reports::tune_json(reports::parse_tune_result(everything, "t.json")) == everything);
  auto broken = everything;
  broken["families"][1]["tuned"] = {{"kind", "adaptive"}};
  CHECK_THROWS_WITH(reports::parse_tune_result(broken, "t.json"),
                    "t.json: families[1].tuned: expected models.img with initial_ms, interval_ms and max_ms");
  broken = everything;
  broken["shard"] = {{"index", 5}, {"count", 2}};
  CHECK_THROWS_WITH(reports::parse_tune_result(broken, "t.json"), "t.json: shard: index 5 of 2 is not a shard");
  CHECK(everything["limits"] == nlohmann::ordered_json{{"max_p95_delay_s", 8.0}, {"max_false_timeout_rate", 0.01}});
  broken = everything;
  broken["limits"]["max_p95_delay_s"] = -1;
  CHECK_THROWS_WITH(reports::parse_tune_result(broken, "t.json"),
                    "t.json: limits.max_p95_delay_s: expected a number >= 0 or null, got -1");
  // The tuned entries load back as scenario strategies.
  auto scenario = image_scenario();
  scenario.strategies.clear();
  for (const auto& entry : everything["strategies"])
    scenario.strategies.push_back({entry["name"], entry["kind"], nlohmann::json::parse(entry.dump()), "tuned"});
  CHECK(bench::Workload(scenario).bound().size() == 5);
}

TEST_CASE("tune with only a p95 limit: false timeouts stay within the guide's - the verdict uses the user's p95") {
  // The README's example, on fewer tasks: `tune --models sora-2 --max-p95-delay 20s`.
  const auto scenario = bench::select(sim::default_scenario(), {{}, {"sora-2"}, 400, {}});
  const auto result = bench::tune(scenario, {20.0, std::nullopt});
  CHECK(result.limits.max_p95_delay_s == 20.0);
  CHECK_FALSE(result.limits.max_false_timeout_rate);
  for (const auto& f : result.families) {
    INFO(f.family);
    if (!f.improved) continue;
    CHECK(f.tuned_result.detection_latency_s.p95 <= 20.0);
    CHECK(f.tuned_result.false_timeout_rate <= f.document_result.false_timeout_rate);
  }
  // The model's own guide config (adaptive) is the false-timeout limit of every family, the
  // guide's basicPoll with its 39% included: no row shown as tuned gives up on more.
  const auto& model_guide = result.families.at(1);
  REQUIRE(model_guide.family == "adaptive");
  for (const auto& f : result.families) {
    INFO(f.family);
    if (f.improved) CHECK(f.tuned_result.false_timeout_rate <= model_guide.document_result.false_timeout_rate);
    if (f.improved && f.holds_on_holdout) CHECK(f.holds_against_model_guide);
  }
  const auto verdicts = reports::verdicts_per_model(result);
  REQUIRE(verdicts.size() == 1);
  REQUIRE(verdicts[0].best != nullptr);
  const auto& best = verdicts[0].best->tuned_holdout;
  const auto& guide = verdicts[0].document->document_holdout;
  // Allowed a slower p95 than the guide's 14.9 s, up to the user's 20 s.
  CHECK(best.detection_latency_s.p95 > guide.detection_latency_s.p95);
  CHECK(best.detection_latency_s.p95 <= 20.0);
  // No more false timeouts than the guide's config on the same tasks, beyond the noise.
  CHECK(verdicts[0].best->holds_against_model_guide);
  // A family whose guide breaks the limit and whose search found nothing within it does
  // not pass the guide off as its answer.
  std::ostringstream table;
  reports::write_tune_table(result, table, false);
  for (const auto& f : result.families) {
    INFO(f.family);
    if (!f.improved && f.document_result.detection_latency_s.p95 > 20.0) CHECK_FALSE(reports::guide_within(result, f));
    // basicPoll gives up on 39% of sora-2's tasks: beyond the implied limit, the model's guide's.
    if (f.family == "fixed_interval") CHECK_FALSE(reports::guide_within(result, f));
    if (!f.improved && !reports::guide_within(result, f))
      CHECK_THAT(table.str(), Catch::Contains("sora-2  " + f.family + std::string(21 - f.family.size(), ' ') +
                                              "none within the constraints"));
  }
}

TEST_CASE("tune: the optimal family searches schedules that are optimal under a p95 limit") {
  const auto scenario = bench::select(sim::default_scenario(), {{}, {"nano-banana"}, 400, {}});
  const auto result = bench::tune(scenario, {8.0, std::nullopt});
  const auto optimal =
      std::find_if(result.families.begin(), result.families.end(), [](const auto& f) { return f.family == "optimal"; });
  REQUIRE(optimal != result.families.end());
  REQUIRE(optimal->improved);
  CHECK(optimal->tuned.contains("p95_delay_s"));
  CHECK(optimal->tuned_result.detection_latency_s.p95 <= 8.0);
}

TEST_CASE("tune: one thread and three give the same configs, figures and candidate counts") {
  const auto on = [](unsigned threads) {
    return reports::tune_json(bench::tune(image_scenario(), {8.0, 0.01}, {}, std::nullopt, threads)).dump();
  };
  CHECK(on(1) == on(3));
}

// What docs/tuning.md shows, on a third of its tasks to keep the suite quick.
TEST_CASE("tune on the default scenario: every winner beats the guide's config on the holdout, within the limits") {
  auto scenario = sim::scenario_named("default");
  scenario.tasks_per_model = 1000;
  const auto result = bench::tune(scenario, {});
  const auto verdicts = reports::verdicts_per_model(result);
  REQUIRE(verdicts.size() == scenario.models.size());
  std::size_t winners = 0;
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    const auto& v = verdicts[i];
    INFO(v.document->model);
    CHECK(v.document->family == "adaptive");
    if (v.best == nullptr) continue;  // what won on the search's sample did not hold on the fresh tasks
    ++winners;
    // Proven on the holdout tasks, not only on the sample the search saw.
    CHECK(v.best->holds_on_holdout);
    CHECK(v.best->saves_on_holdout(v.document->document_holdout));
    const auto& guide = v.document->document_holdout;
    const auto& best = v.best->tuned_holdout;
    CHECK(best.requests.mean < guide.requests.mean);
    CHECK(best.detection_latency_s.p95 <= guide.detection_latency_s.p95);
    CHECK(v.best->holds_against_model_guide);
    CHECK(reports::tune_json(result)["per_model"][i]["best_family"] == v.best->family);
  }
  // On this sample sora-2's and veo-3-1's winners hold on the fresh tasks; the other
  // three buy their requests with false timeouts or a p95 that the holdout shows.
  CHECK(winners >= 2);
}

TEST_CASE("tune: a model whose guide config nothing beats gets no verdict winner") {
  // The guide's default config is already near the optimum for this law at its p95. On
  // some seeds (1 and 3 of the first eight) a neighbour beats it by 0.6% on the searched
  // sample, which is noise; the holdout tasks are there to catch it.
  const auto verdicts = reports::verdicts_per_model(bench::tune(image_scenario(), {}));
  REQUIRE(verdicts.size() == 1);
  CHECK(verdicts[0].best == nullptr);
}

TEST_CASE("tune: a family whose winner fails on the holdout says so and keeps the guide's config") {
  auto result = bench::tune(image_scenario(), {8.0, 0.01});
  auto& adaptive = result.families[1];
  REQUIRE(adaptive.family == "adaptive");
  REQUIRE(adaptive.improved);
  REQUIRE(adaptive.holds_on_holdout);
  const auto before = reports::tune_json(result);
  CHECK(before["strategies"][1]["models"] == adaptive.tuned["models"]);
  // As if its p95 on the fresh tasks had broken the user's 8 s.
  adaptive.tuned_holdout.detection_latency_s.p95 = 9.0;
  adaptive.holds_on_holdout = false;
  std::ostringstream table;
  reports::write_tune_table(result, table, false);
  CHECK_THAT(table.str(), Catch::Contains("fails on the holdout: "));
  const auto after = reports::tune_json(result);
  CHECK(after["strategies"][1]["models"] == adaptive.document["models"]);
  CHECK(after["getPollingConfig"]["img"]["initial"] == adaptive.document["models"]["img"]["initial_ms"]);
  const auto verdicts = reports::verdicts_per_model(result);
  REQUIRE(verdicts.size() == 1);
  CHECK((verdicts[0].best == nullptr || verdicts[0].best->family != "adaptive"));
  // Read back, the holdout and its verdict are kept.
  CHECK(reports::tune_json(reports::parse_tune_result(after, "t.json")) == after);
  auto broken = after;
  broken["families"][1]["holds_on_holdout"] = "yes";
  CHECK_THROWS_WITH(reports::parse_tune_result(broken, "t.json"),
                    "t.json: families[1].holds_on_holdout: expected true or false");
  broken = after;
  broken["families"][1]["saving_half_width"] = -1;
  CHECK_THROWS_AS(reports::parse_tune_result(broken, "t.json"), InputError);
  broken = after;
  broken.erase("holdout");
  CHECK_THROWS_WITH(reports::parse_tune_result(broken, "t.json"), Catch::StartsWith("t.json: holdout"));
}

TEST_CASE("tune: more false timeouts than the guide's is judged task by task (McNemar)") {
  // 30,000 tasks that all finish; `gives_up` lists those a config gave up on.
  const auto outcome = [](std::initializer_list<std::size_t> gives_up) {
    bench::PairOutcome o;
    o.tasks.resize(30000);
    for (auto& t : o.tasks) t.verdict = bench::ClientVerdict::success;
    for (auto i : gives_up) o.tasks[i].verdict = bench::ClientVerdict::timeout;
    return o;
  };
  const auto guide = outcome({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  // Two more, on other tasks: 12 against 10 is noise.
  CHECK_FALSE(bench::more_false_timeouts(outcome({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}), guide));
  // Six where the guide gives up on none: beyond it.
  CHECK(bench::more_false_timeouts(outcome({11, 12, 13, 14, 15, 16}), outcome({})));
  CHECK_FALSE(bench::more_false_timeouts(outcome({11, 12, 13}), outcome({})));
  // The same tasks given up on: no difference, however many.
  CHECK_FALSE(bench::more_false_timeouts(guide, guide));
  // A hang is no false timeout.
  auto hangs = outcome({11, 12, 13, 14, 15, 16});
  for (auto& t : hangs.tasks) t.truth = sim::Outcome::hang;
  CHECK_FALSE(bench::more_false_timeouts(hangs, outcome({})));
}

TEST_CASE("tune: a saving within the paired interval is no significant difference") {
  auto result = bench::tune(image_scenario(), {8.0, 0.01});
  for (const auto& f : result.families) {
    INFO(f.family);
    CHECK(f.saving_half_width >= 0);
    if (f.improved) CHECK(f.saving_half_width > 0);  // a paired interval of real tasks has a width
  }
  auto verdicts = reports::verdicts_per_model(result);
  REQUIRE(verdicts.size() == 1);
  REQUIRE(verdicts[0].best != nullptr);
  CHECK(verdicts[0].best->saves_on_holdout(verdicts[0].document->document_holdout));
  // Were every saving within its interval, no family would beat the guide's config.
  for (auto& f : result.families) f.saving_half_width = 1e6;
  verdicts = reports::verdicts_per_model(result);
  CHECK(verdicts[0].best == nullptr);
  std::ostringstream table;
  reports::write_tune_table(result, table, false);
  CHECK_THAT(table.str(), Catch::Contains("no significant difference"));
}
