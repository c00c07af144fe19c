// Live mode against the simulator and against a server that dies or freezes mid-run.
// Servers listen on 127.0.0.1 at a free port; time scales keep each run to seconds.

#include <catch2/catch.hpp>
#include <sys/eventfd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "bench/live/live_run.hpp"
#include "bench/run/simulation_run.hpp"
#include "reports/agreement.hpp"
#include "sim/scenario.hpp"
#include "tests/support/child_process.hpp"

using namespace pollbench;
using nlohmann::json;

namespace {

const reports::ResultRecord& row(const reports::RunResult& run, const std::string& strategy) {
  for (const auto& r : run.records)
    if (r.strategy == strategy) return r;
  FAIL("no row for " << strategy);
  return run.records.front();
}

// A short-lived model whose tasks all finish within seconds, for the robustness runs.
json short_scenario(const std::string& name) {
  return {{"name", name},
          {"seed", 11},
          {"tasks_per_model", 30},
          {"arrival", {{"kind", "window"}, {"window_s", 100}}},  // 0.1 s of wall time: no burst of connections
          {"request_timeout_s", 150},  // 150 ms of wall time at 1000x: room for a slow (sanitized) build
          {"models",
           {{{"name", "img"},
             {"completion", {{"kind", "lognormal"}, {"median_s", 4}, {"sigma", 0.5}}},
             {"queue", {{"kind", "exponential"}, {"mean_s", 0.5}}},
             {"response_time", {{"kind", "constant"}, {"value_s", 0.05}}},
             {"webhook", {{"delay", {{"kind", "constant"}, {"value_s", 0.3}}}}}}}},
          {"strategies",
           {{{"kind", "fixed_interval"}},
            {{"kind", "resilient"}, {"max_time_ms", 60000}},
            {{"kind", "concurrent"}},
            {{"kind", "corrected_adaptive"}},
            {{"kind", "webhook"}}}}};
}

// `pollbench serve` of a scenario file, as a separate process a test can kill or freeze;
// at 1000x the strategies' own limits (minutes) pass in well under a second.
struct ServeProcess {
  std::filesystem::path file;
  testing::ChildProcess process;
  bench::live::LiveOptions target;

  explicit ServeProcess(const json& scenario)
      : file(std::filesystem::temp_directory_path() / (scenario["name"].get<std::string>() + ".json")),
        process((std::ofstream(file) << scenario.dump(),
                 std::vector<std::string>{"serve", "--scenario", file.string(), "--time-scale", "1000"})) {
    const auto first = process.stdout_line();  // pollbench serve: http://127.0.0.1:PORT scenario ...
    const auto keys = process.stdout_line();   // api key: K  webhook secret: S
    target.target = first.substr(first.find("http://"), first.find(" scenario") - first.find("http://"));
    target.api_key = keys.substr(9, keys.find("  ") - 9);
    target.webhook_secret = keys.substr(keys.rfind(' ') + 1);
  }
};

}  // namespace

// Hidden from the parallel run: CTest runs it alone (tests/CMakeLists.txt), since a busy
// second core would be timing noise the comparison then has to explain.
TEST_CASE("live runs of the default scenario agree with its simulation row by row", "[.][live-agreement]") {
  // Three models, every strategy that runs on them (flux-2 reports progress; nano-banana
  // holds requests and streams; suno's streams are cut), 40 tasks each at 100x: a few
  // seconds of wall time.
  const auto scenario =
      bench::select(sim::default_scenario(), {{}, {"nano-banana", "flux-2", "suno"}, 40, std::nullopt});
  bench::live::LiveOptions options;
  options.time_scale = 100;
  const auto live = bench::live::run_live(scenario, options);
  REQUIRE(live.live);
  CHECK(live.mode == "live");
  CHECK_FALSE(live.live->partial);
  // long_poll on two, event_stream on three, progress_aware on one.
  REQUIRE(live.live->agreement.size() == 3 * 12 + 2 + 3 + 1);
  for (const auto& a : live.live->agreement) {
    INFO(a.strategy << " on " << a.model << ": requests " << a.live_requests << " live, " << a.sim_requests
                    << " simulated; detection " << a.live_detection_s.value_or(-1) << " s live, "
                    << a.sim_detection_s.value_or(-1) << " s simulated, allowed " << a.allowed_detection_s
                    << " s, noise " << a.noise.detection_s << " s");
    CHECK(reports::fit_of(a) != reports::Fit::differs);
  }
  // The same tasks as the simulator's: the rows cover them all, with the same outcomes known.
  const auto simulated = bench::run_simulation(scenario);
  for (std::size_t i = 0; i < live.records.size(); ++i) {
    CHECK(live.records[i].tasks == simulated.records[i].tasks);
    CHECK(live.records[i].wrong_outcome_rate == Approx(simulated.records[i].wrong_outcome_rate).margin(0.051));
  }
  CHECK(live.live->webhooks_accepted > 0);
  CHECK(live.live->webhooks_rejected == 0);
}

TEST_CASE("a server killed mid-run: tasks see connection errors and the run still ends with every task counted") {
  auto scenario = short_scenario("live_killed");
  // Submissions over 1 s of wall time, so that some are still to come when the 40th
  // answer arrives even on a slow (sanitized, shared) machine: every row meets the death.
  scenario["arrival"]["window_s"] = 1000;
  // Tasks that live 30 ms of wall time against one submission every 7 ms: several are in
  // flight at the death, and their next polls meet it.
  scenario["models"][0]["completion"]["median_s"] = 30;
  ServeProcess serve(scenario);
  REQUIRE(serve.process.started());
  auto options = serve.target;
  std::uint64_t answers_before_kill = 0;
  // Early, while every pair has tasks in flight and more to submit.
  options.on_status_answer = [&](std::uint64_t answered) {
    if (answered == 40) {
      serve.process.signal(SIGKILL);
      answers_before_kill = answered;
    }
  };
  const auto run = bench::live::run_live(sim::scenario_named(serve.file.string()), options);
  INFO("status requests " << run.live->status_requests << ", error rate of the first row "
                          << run.records.front().error_rate);
  REQUIRE(answers_before_kill == 40);
  REQUIRE(run.live);
  CHECK_FALSE(run.live->partial);
  CHECK(run.live->status_requests > 40);
  for (const auto& r : run.records) {
    INFO(r.strategy);
    CHECK(r.tasks == 30);  // every task counted, none dropped
  }
  // Submissions after the death fail: errors in every row. Tasks in flight at that moment
  // (which ones depends on timing) meet refused connections: the guide's pollers throw,
  // the corrected one polls to its deadline, the resilient one retries and then polls on
  // to its time limit (the document's sharp edge), the concurrent poller crashes and
  // loses its client's tasks, and callbacks that never come leave theirs lost.
  for (const auto& r : run.records) {
    INFO(r.strategy);
    CHECK(r.error_rate > 0);
    CHECK(r.detected < r.tasks);
  }
}

TEST_CASE("a server that stops answering mid-run: requests time out and the run ends on the strategies' limits") {
  ServeProcess serve(short_scenario("live_frozen"));
  REQUIRE(serve.process.started());
  auto options = serve.target;
  options.on_status_answer = [&](std::uint64_t answered) {
    if (answered == 40) serve.process.signal(SIGSTOP);  // the process lives on, its sockets unanswered
  };
  const auto run = bench::live::run_live(sim::scenario_named(serve.file.string()), options);
  serve.process.signal(SIGKILL);
  REQUIRE(run.live);
  for (const auto& r : run.records) CHECK(r.tasks == 30);
  CHECK(row(run, "fixed_interval").error_rate > 0);
  CHECK(row(run, "resilient").error_rate > 0);  // a timeout is not a 'network' error to it
}

TEST_CASE("Ctrl-C or SIGTERM stops a live run, which writes its partial results marked as such") {
  for (int signal_number : {SIGINT, SIGTERM}) {
    INFO("signal " << signal_number);
    // At time scale 1 this run would take many minutes.
    // sora-2 holds no requests: long_poll has no pair, and the count leaves it out.
    testing::ChildProcess run({"run", "--live", "--time-scale", "1", "--models", "sora-2", "--strategies",
                               "fixed_interval,webhook,long_poll", "--tasks", "5", "--format", "json"});
    REQUIRE(run.started());
    REQUIRE(run.stderr_line().starts_with("note: long_poll runs on none of these models"));
    REQUIRE(run.stderr_line().starts_with("pollbench live: 10 tasks in 2 (strategy, model) pairs"));
    run.signal(signal_number);
    const auto out = run.rest_of_stdout();
    const int status = run.wait();
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 130);
    const auto result = json::parse(out);
    CHECK(result["mode"] == "live");
    CHECK(result["partial"] == true);
    CHECK(result["live"]["partial"] == std::string("stopped by ") + (signal_number == SIGINT ? "SIGINT" : "SIGTERM"));
    CHECK(result["live"]["agreement"].empty());
  }
}

TEST_CASE("live options: bad input is refused with the flag") {
  bench::live::LiveOptions options;
  options.time_scale = 0;
  CHECK_THROWS_WITH(bench::live::run_live(sim::default_scenario(), options), Catch::Contains("--time-scale"));
  options.time_scale.reset();
  for (const std::string target :
       {"ftp://example", "http://example", "http://:80", "http://a/b:80", "http://[zz]:80", "http://[]:80",
        "http://a:", "http://a:65536", "http://a:0", "http://a:8o", "http://a:80//"}) {
    INFO(target);
    options.target = target;
    CHECK_THROWS_WITH(bench::live::run_live(sim::default_scenario(), options), Catch::Contains("--target"));
  }
  // Long enough to overflow a regex's recursion, which once read this flag.
  options.target = "http://" + std::string(200'000, 'a') + ":80x";
  CHECK_THROWS_WITH(bench::live::run_live(sim::default_scenario(), options),
                    Catch::Contains("--target") && Catch::Contains("..."));
  options.target = "http://127.0.0.1:1";
  CHECK_THROWS_WITH(bench::live::run_live(sim::default_scenario(), options), Catch::Contains("--api-key"));
}
