#include <catch2/catch.hpp>
#include <sstream>

#include "reports/baseline_check.hpp"
#include "reports/result_reader.hpp"
#include "sim/input_error.hpp"

using namespace pollbench;
using namespace pollbench::reports;

namespace {

RunResult one_row(double requests_mean, double false_timeouts) {
  ResultRecord r;
  r.model = "sora-2";
  r.strategy = "adaptive";
  r.tasks = 1000;
  r.requests = {requests_mean, 12, 30, 35, 36};
  r.detection_latency_s = {8, 7, 15, 16, 20};
  r.false_timeout_rate = false_timeouts;
  r.peak_rps = 100;
  return {"0.1.0", "s", "sim", 1, {r}, {}, {}, {}, {}};
}

}  // namespace

TEST_CASE("an unchanged run passes and a worse one fails beyond its tolerance") {
  const auto tolerances = Tolerances::defaults();
  CheckReport same;
  compare_with_baseline(one_row(13.8, 0.04), one_row(13.8, 0.04), tolerances, same);
  CHECK_FALSE(same.failed());
  CHECK(same.findings.empty());

  CheckReport within;  // +1.4% is inside the 2% tolerance on requests.mean
  compare_with_baseline(one_row(13.8, 0.04), one_row(14.0, 0.04), tolerances, within);
  CHECK_FALSE(within.failed());

  CheckReport worse;
  compare_with_baseline(one_row(13.8, 0.04), one_row(15.0, 0.04), tolerances, worse);
  REQUIRE(worse.failed());
  CHECK(worse.findings[0].metric == "requests.mean");

  CheckReport better;
  compare_with_baseline(one_row(13.8, 0.04), one_row(10.0, 0.01), tolerances, better);
  CHECK_FALSE(better.failed());
  CHECK(better.findings.size() == 2);
}

TEST_CASE("tolerances can be overridden per metric and unknown metrics are refused") {
  auto t = Tolerances::defaults();
  t.override_from(nlohmann::json::parse(R"({"requests.mean": {"relative": 0.2}})"), "tol.json");
  CheckReport r;
  compare_with_baseline(one_row(13.8, 0), one_row(15.0, 0), t, r);
  CHECK_FALSE(r.failed());
  CHECK_THROWS_WITH(t.override_from(nlohmann::json::parse(R"({"requests.mena": {}})"), "tol.json"),
                    "tol.json.requests.mena: unknown metric");
}

TEST_CASE("budgets: kept and broken") {
  const auto budgets = parse_budgets(nlohmann::json::parse(R"({"budgets": [{"model": "sora-2", "strategy": "adaptive",
                                "max": {"false_timeout_rate": 0.001, "detection_latency_s.p95": 20, "requests.mean": 25}}]})"),
                                     "b.json");
  CheckReport ok;
  check_budgets(one_row(13.8, 0.0005), budgets, ok);
  CHECK_FALSE(ok.failed());
  CheckReport broken;
  check_budgets(one_row(13.8, 0.04), budgets, broken);
  CHECK(broken.failed());
  std::ostringstream table;
  write_check_table(broken, table);
  CHECK(table.str().find("BUDGET BROKEN  sora-2       adaptive             false_timeout_rate 0.04, budget 0.001") !=
        std::string::npos);
}

TEST_CASE("a baseline row missing from the current run is bad input") {
  auto current = one_row(13.8, 0);
  current.records[0].strategy = "renamed";
  CheckReport r;
  CHECK_THROWS_AS(compare_with_baseline(one_row(13.8, 0), current, Tolerances::defaults(), r), InputError);
}

TEST_CASE("junit report: one testcase per row with the failures spelled out") {
  CheckReport r;
  compare_with_baseline(one_row(13.8, 0.04), one_row(20.0, 0.04), Tolerances::defaults(), r);
  std::ostringstream xml;
  write_junit(r, xml);
  CHECK(xml.str() ==
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
        "  <testsuite name=\"pollbench check\" tests=\"1\" failures=\"1\">\n"
        "    <testcase classname=\"sora-2\" name=\"adaptive\">\n"
        "      <failure message=\"requests.mean 13.8 -&gt; 20 (+44.9%, tolerance 0.276)\">"
        "requests.mean 13.8 -&gt; 20 (+44.9%, tolerance 0.276)\n</failure>\n"
        "    </testcase>\n  </testsuite>\n</testsuites>\n");
}

TEST_CASE("result JSON reads back strictly") {
  CHECK_THROWS_WITH(
      parse_run_result(nlohmann::json::parse(R"({"version":"1","scenario":"s","mode":"sim","results":[{}]})"),
                       "b.json"),
      "b.json: results[0].strategy: is required");
  CHECK_THROWS_AS(read_run_result("/nonexistent.json"), InputError);
  const auto with = [](const std::string& extra) {
    return nlohmann::json::parse(R"({"version":"1","scenario":"s","mode":"sim","results":[])" + extra + "}");
  };
  // Wrong types are refused as input errors, never as a library exception.
  CHECK_THROWS_WITH(parse_run_result(with(R"(,"frontiers":[{"model":"m","delay_s_requests":5}])"), "b.json"),
                    "b.json: frontiers[0].delay_s_requests: expected an array of [delay_s, requests]");
  CHECK_THROWS_WITH(parse_run_result(with(R"(,"shard":{"index":3,"count":2})"), "b.json"),
                    "b.json: shard: index 3 of 2 is not a shard");
}

TEST_CASE("a request-rate series holds whole counts only") {
  auto record = nlohmann::json::parse(R"({"strategy":"a","model":"m","tasks":1,
      "requests":{"mean":1,"sd":0,"p50":1,"p95":1,"p99":1,"max":1},
      "detection_latency_s":{"mean":1,"sd":0,"p50":1,"p95":1,"p99":1,"max":1},
      "requests_per_second":{"step_s":1,"peak":[1,2]}})");
  CHECK(read_record(record, "r").requests_per_second.peak == std::vector<std::uint32_t>{1, 2});
  record["requests_per_second"]["peak"] = {1, 1.7};
  CHECK_THROWS_WITH(read_record(record, "r"), "r.requests_per_second.peak[1]: expected a whole number >= 0, got 1.7");
  record["requests_per_second"]["peak"] = {5000000000};
  CHECK_THROWS_AS(read_record(record, "r"), InputError);
}

TEST_CASE("a result's paired comparisons are read back - bad ones are refused with their field") {
  auto doc = nlohmann::json::parse(R"({"version":"0.1.0","scenario":"s","mode":"sim","seed":1,"results":[
      {"strategy":"a","model":"m","tasks":1,
       "requests":{"mean":1,"sd":0,"p50":1,"p95":1,"p99":1,"max":1},
       "detection_latency_s":{"mean":1,"sd":0,"p50":1,"p95":1,"p99":1,"max":1}}],
      "paired_requests":[{"model":"m","strategy":"a","against":"b","difference":-1.5,"half_width95":0.2,"tasks":9}]})");
  const auto run = parse_run_result(doc, "r.json");
  REQUIRE(run.paired_requests.size() == 1);
  CHECK(run.paired_requests[0].difference == -1.5);
  CHECK(run.paired_requests[0].tasks == 9);
  doc["paired_requests"][0]["half_width95"] = -1;
  CHECK_THROWS_WITH(parse_run_result(doc, "r.json"), "r.json: paired_requests[0].half_width95: must be >= 0, got -1");
  doc["paired_requests"][0]["half_width95"] = 0.2;
  doc["paired_requests"][0]["extra"] = 1;
  CHECK_THROWS_WITH(parse_run_result(doc, "r.json"), Catch::StartsWith("r.json: paired_requests[0].extra"));
  doc["paired_requests"][0].erase("extra");
  doc["paired_requests"].push_back(doc["paired_requests"][0]);  // two comparisons for one row
  CHECK_THROWS_WITH(parse_run_result(doc, "r.json"),
                    "r.json: paired_requests: expected an array of at most one comparison per result row");
}

TEST_CASE("a result row's informed mark is true or false - false when absent") {
  auto record = nlohmann::json::parse(R"({"strategy":"a","model":"m","tasks":1,
      "requests":{"mean":1,"sd":0,"p50":1,"p95":1,"p99":1,"max":1},
      "detection_latency_s":{"mean":1,"sd":0,"p50":1,"p95":1,"p99":1,"max":1}})");
  CHECK_FALSE(read_record(record, "r").informed);
  record["informed"] = true;
  CHECK(read_record(record, "r").informed);
  record["informed"] = 1;
  CHECK_THROWS_WITH(read_record(record, "r"), "r.informed: expected true or false, got 1");
}

TEST_CASE("a result row's spread and intervals - sd is required and never negative - ci95 is an object") {
  auto record = nlohmann::json::parse(R"({"strategy":"a","model":"m","tasks":1,
      "requests":{"mean":1,"sd":0,"p50":1,"p95":1,"p99":1,"max":1},
      "detection_latency_s":{"mean":1,"sd":0,"p50":1,"p95":1,"p99":1,"max":1},
      "ci95":{"requests.mean":[1,1]}})");
  CHECK(read_record(record, "r").requests.sd == 0);
  record["requests"]["sd"] = -2;
  CHECK_THROWS_WITH(read_record(record, "r"), "r.requests.sd: must be >= 0, got -2");
  record["requests"].erase("sd");
  CHECK_THROWS_WITH(read_record(record, "r"), "r.requests.sd: is required");
  record["requests"]["sd"] = 0;
  record["ci95"] = {1, 2};
  CHECK_THROWS_WITH(read_record(record, "r"), "r.ci95: expected an object of [low, high] intervals, got [1,2]");
}
