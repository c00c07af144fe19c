#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "reports/confidence_interval.hpp"
#include "reports/reporters.hpp"
#include "reports/result_reader.hpp"
#include "reports/units.hpp"

using namespace pollbench::reports;

namespace {

RunResult sample_run() {
  RunResult run{"0.1.0", "golden", "sim", 7, {}, {}, {}, {}, {}};
  ResultRecord a;
  a.strategy = "adaptive";
  a.model = "sora-2";
  a.tasks = 1000;
  a.requests = {13.8, 12, 35, 36, 36};
  a.detection_latency_s = {8.26, 7.5, 14.9, 15.2, 16};
  a.requests.sd = 9.5;
  a.detected = 950;
  a.timeout_rate = 0.043;
  a.false_timeout_rate = 0.039;
  a.wrong_outcome_rate = 0.12;
  a.peak_rps = 277;
  ResultRecord b = a;
  b.strategy = "webhook";
  b.requests = {};
  b.detection_latency_s = {0.34, 0.3, 1.2, 2.5, 4};
  b.timeout_rate = b.false_timeout_rate = b.wrong_outcome_rate = 0;
  b.lost_rate = 0.014;
  b.peak_rps = 0;
  ResultRecord c = a;
  c.model = "suno";
  c.strategy = "fixed, \"quoted\"";
  run.records = {a, b, c};
  return run;
}

template <class Reporter>
std::string render(const RunResult& run) {
  std::ostringstream out;
  Reporter{}.write(run, out);
  return out.str();
}

}  // namespace

TEST_CASE("human units") {
  CHECK(human_duration(0.34) == "340 ms");
  CHECK(human_duration(1.5) == "1.50 s");
  CHECK(human_duration(14.9) == "14.9 s");
  CHECK(human_duration(252) == "4.2 min");
  CHECK(human_percent(0.001) == "0.10%");
  CHECK(human_percent(0.043) == "4.3%");
  CHECK(human_percent(0.12) == "12%");
  CHECK(human_percent(0) == "0%");
  CHECK(human_count(13.8) == "13.8");
  CHECK(human_count(35) == "35");
}

TEST_CASE("table reporter: golden output - grouped by model - with a legend of the columns shown") {
  CHECK(render<TableReporter>(sample_run()) ==
        R"(pollbench 0.1.0 — scenario "golden", mode sim, seed 7

model   strategy         req mean  req p95  detect mean  detect p95  timeout  false t/o  lost  wrong  peak rps
--------------------------------------------------------------------------------------------------------------
sora-2  adaptive             13.8       35       8.26 s      14.9 s     4.3%       3.9%    0%    12%       277
sora-2  webhook                 0        0       340 ms      1.20 s       0%         0%  1.4%     0%         0

suno    fixed, "quoted"      13.8       35       8.26 s      14.9 s     4.3%       3.9%    0%    12%       277

req        status requests per task
detect     time from the task's terminal moment to the client knowing it, over tasks
           whose outcome the client reported correctly
timeout    the client's own limit ran out
false t/o  gave up on a task that does finish
lost       never reported
wrong      reported failure for a success, or an error for a task that finished
peak rps   most status requests sent in one second over all tasks of the pair
Rates are of the pair's tasks; pollbench run --help describes every metric.
)");
}

TEST_CASE("markdown reporter: golden output") {
  const auto md = render<MarkdownReporter>(sample_run());
  CHECK(md.starts_with(
      "# pollbench results\n\nScenario `golden`, mode `sim`, seed 7, pollbench 0.1.0.\n\n"
      "| model | strategy | req mean | req p95 | detect mean | detect p95 | timeout | false t/o | lost | "
      "wrong | peak rps |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
      "| sora-2 | adaptive | 13.8 | 35 | 8.26 s | 14.9 s | 4.3% | 3.9% | 0% | 12% | 277 |\n"));
}

TEST_CASE("csv reporter: golden output with quoting") {
  const auto csv = render<CsvReporter>(sample_run());
  std::istringstream lines(csv);
  std::string header, first, second, third;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  std::getline(lines, third);
  CHECK(header.starts_with("strategy,model,tasks,requests_mean,"));
  CHECK(first ==
        "adaptive,sora-2,1000,13.8,9.5,12,35,36,36,8.26,0,7.5,14.9,15.2,16,950,0.043,0.039,0,0,0.12,277,0,0,0,0,0,"
        "false,");
  CHECK(third.starts_with("\"fixed, \"\"quoted\"\"\",suno,1000,"));
}

TEST_CASE("json reporter: the DESIGN.md contract") {
  auto run = sample_run();
  run.records[0].efficiency = 0.5;
  const auto doc = nlohmann::json::parse(render<JsonReporter>(run));
  CHECK(doc["version"] == "0.1.0");
  CHECK(doc["mode"] == "sim");
  CHECK(doc["seed"] == 7);
  CHECK(doc["scenario"] == "golden");
  const auto& r = doc["results"][0];
  for (const char* key : {"strategy", "model", "tasks", "requests", "detection_latency_s", "timeout_rate",
                          "false_timeout_rate", "lost_rate", "wrong_outcome_rate", "peak_rps"})
    CHECK(r.contains(key));
  for (const char* key : {"mean", "sd", "p50", "p95", "p99", "max"}) CHECK(r["requests"].contains(key));
  CHECK(r["efficiency"] == 0.5);
  CHECK(r["informed"] == false);
  // Every mean and rate carries its 95% interval, which holds the figure.
  for (const auto& m : metric_schema()) {
    if (!has_interval(m)) continue;
    INFO(m.name);
    const auto& ci = r["ci95"][std::string(m.name)];
    REQUIRE(ci.size() == 2);
    CHECK(ci[0].get<double>() <= *m.value(run.records[0]));
    CHECK(*m.value(run.records[0]) <= ci[1].get<double>());
  }
  CHECK_FALSE(doc["results"][1].contains("efficiency"));
}

TEST_CASE("a live run: its facts, agreement and partial banner in every format, and back through JSON") {
  auto run = sample_run();
  run.mode = "live";
  LiveRun live;
  live.target = "in-process mock server (127.0.0.1:1)";
  live.time_scale = 50;
  live.wall_s = 45.4;
  live.status_requests = 79445;
  live.scheduling_error_ms = {0.05, 0.027, 0.3, 0.663, 8.1};
  live.peak_tasks_in_flight = 1203;
  Agreement agrees{"adaptive", "sora-2", 13.8, 13.8, 13.9, 8.2, 8.25, 8.1, 0.5, true, true, {0.1, 0.2}};
  Agreement noisy{"webhook", "sora-2", 0, 0, 0, 0.4, 0.2, 0.2, 0.05, true, false, {0, 0.3}};
  live.agreement = {agrees, noisy};
  run.live = live;

  const auto table = render<TableReporter>(run);
  CHECK_THAT(table, Catch::Contains("p99 0.663 ms") && Catch::Contains("peak tasks in flight 1203"));
  CHECK_THAT(table, Catch::Contains("1 of 2 rows agree, 1 more within their timing noise"));
  CHECK_THAT(table, Catch::Contains("within noise") &&
                        !Catch::Contains("| adaptive |"));  // the terminal lists what needs a look
  const auto markdown = render<MarkdownReporter>(run);
  CHECK_THAT(markdown, Catch::Contains("| adaptive | sora-2 | 13.800 |") && Catch::Contains("| webhook | sora-2 |"));
  CHECK_THAT(render<HtmlReporter>(run),
             Catch::Contains("<h2>Live run</h2>") && Catch::Contains("<td>within noise</td>"));

  run.live->partial = "stopped by SIGINT";
  run.live->unfinished_tasks = 120;
  run.live->agreement.clear();
  for (const auto& text : {render<TableReporter>(run), render<MarkdownReporter>(run), render<HtmlReporter>(run)})
    CHECK_THAT(text, Catch::Contains("PARTIAL RUN (stopped by SIGINT after 45.4 s)") &&
                         Catch::Contains("120 tasks still in flight"));
  const auto json = nlohmann::json::parse(render<JsonReporter>(run));
  CHECK(json["partial"] == true);
  run.live->agreement = {agrees, noisy};
  const auto back = parse_run_result(nlohmann::json::parse(render<JsonReporter>(run)), "round trip");
  REQUIRE(back.live);
  CHECK(back.live->partial == "stopped by SIGINT");
  CHECK(back.live->peak_tasks_in_flight == 1203);
  CHECK(back.live->scheduling_error_ms.p99 == 0.663);
  REQUIRE(back.live->agreement.size() == 2);
  CHECK(back.live->agreement[1].noise.detection_s == 0.3);
  CHECK_FALSE(back.live->agreement[1].detection_agree);
  CHECK(render<JsonReporter>(back) == render<JsonReporter>(run));
}
