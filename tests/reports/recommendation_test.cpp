#include <catch2/catch.hpp>

#include "reports/recommendation.hpp"

using namespace pollbench::reports;

namespace {

ResultRecord row(const std::string& strategy, double requests, double detection_s, double wrong = 0) {
  ResultRecord r;
  r.strategy = strategy;
  r.model = "sora-2";
  r.tasks = 1000;
  r.requests.mean = requests;
  r.detection_latency_s.mean = detection_s;
  r.detected = 950;
  r.wrong_outcome_rate = wrong;
  return r;
}

RunResult run_of(std::vector<ResultRecord> records) {
  RunResult run{"0.1.0", "default", "sim", 1, std::move(records), {}, {}, {}, {}};
  return run;
}

}  // namespace

TEST_CASE("html recommendation: the cheapest reliable poller against the guide's, figures from the rows") {
  const auto run = run_of({row("fixed_interval", 7.4, 3.0), row("adaptive", 9, 2), row("corrected_adaptive", 3.1, 4.2),
                           row("cheap_but_wrong", 1.5, 9, 0.02)});
  const auto recs = recommendations(run);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].pick->strategy == "corrected_adaptive");
  CHECK(recs[0].guide->strategy == "fixed_interval");
  CHECK(recommendation_sentence(recs[0]) ==
        "sora-2: poll with corrected_adaptive: 3.10 requests a task instead of 7.40 (not compared task by task) with "
        "the guide's fixed_interval, detection 1.20 s later.");
}

TEST_CASE("html recommendation: the saving is the paired difference on the same tasks - or no significant difference") {
  auto run = run_of({row("fixed_interval", 7.4, 3.0), row("corrected_adaptive", 3.1, 4.2)});
  run.paired_requests = {{"sora-2", "corrected_adaptive", "fixed_interval", -4.3, 0.12, 1000}};
  CHECK(recommendation_sentence(recommendations(run)[0]) ==
        "sora-2: poll with corrected_adaptive: 3.10 requests a task instead of 7.40 (4.30 ± 0.12 fewer on the same "
        "tasks) with the guide's fixed_interval, detection 1.20 s later.");
  run.records[1].requests.mean = 7.35;
  run.paired_requests = {{"sora-2", "corrected_adaptive", "fixed_interval", -0.05, 0.08, 1000}};
  CHECK(recommendation_sentence(recommendations(run)[0]) ==
        "sora-2: poll with corrected_adaptive or the guide's fixed_interval: no significant difference in requests "
        "(7.35 against 7.40 a task; on the same tasks the difference, -0.05, is within ±0.08), detection 1.20 s "
        "later.");
  // A comparison of other rows is not this one's.
  run.paired_requests = {{"sora-2", "adaptive", "fixed_interval", -0.05, 0.08, 1000}};
  CHECK(recommendations(run)[0].paired == nullptr);
}

TEST_CASE("html recommendation: an unreliable guide is named with what it got wrong") {
  const auto run = run_of({row("fixed_interval", 7.4, 3.0, 0.3), row("adaptive", 9, 2, 0.05), row("better", 5, 1)});
  const auto recs = recommendations(run);
  CHECK(recs[0].guide->strategy == "adaptive");  // the guide's with the fewest tasks wrong
  CHECK(
      recommendation_sentence(recs[0]) ==
      "sora-2: poll with better: 5 requests a task instead of 9 (not compared task by task) with the guide's adaptive "
      "(which has 5.0% of its tasks lost, falsely timed out or wrongly reported), detection 1.00 s sooner.");
}

TEST_CASE("html recommendation: callbacks are a second answer - none reliable says so") {
  auto run = run_of({row("fixed_interval", 7.4, 3.0, 0.3), row("webhook", 0, 0.6), row("hybrid_webhook", 2, 0.8)});
  auto recs = recommendations(run);
  CHECK(recs[0].pick == nullptr);
  CHECK(recs[0].callback->strategy == "webhook");
  CHECK(recommendation_sentence(recs[0]) ==
        "sora-2: no polling strategy kept the tasks it got wrong to 1% (the fewest: fixed_interval, with 30% of its "
        "tasks lost, falsely timed out or wrongly reported); with callbacks, webhook: 0 requests a task, detection "
        "600 ms.");
  CHECK(by_callback(run.records[2]));  // named after webhooks, though it polls
  CHECK_FALSE(by_callback(run.records[0]));
}

TEST_CASE("html recommendation: the guide's own technique can be the answer") {
  const auto run = run_of({row("adaptive", 4, 2), row("corrected_adaptive", 4.5, 1)});
  const auto recs = recommendations(run);
  CHECK(recs[0].pick == recs[0].guide);
  CHECK(recommendation_sentence(recs[0]) ==
        "sora-2: poll with the guide's own adaptive, the best here: 4 requests a task, detection 2.00 s.");
}

TEST_CASE("html recommendation: reliability is what the rows got wrong, at most 1%") {
  auto r = row("x", 1, 1);
  r.lost_rate = 0.004;
  r.false_timeout_rate = 0.006;
  CHECK(reliable(r));
  r.wrong_outcome_rate = 0.001;
  CHECK_FALSE(reliable(r));
  r = row("x", 1, 1);
  r.detected = 0;
  CHECK_FALSE(reliable(r));
  CHECK(guide_technique("exponential_backoff"));
  CHECK_FALSE(guide_technique("corrected_adaptive"));
}

TEST_CASE("html recommendation: the entry to paste is the scenario's") {
  CHECK(strategy_entry("default", "optimal") == "{\"kind\": \"optimal\", \"mean_delay_s\": 2}");
  CHECK(strategy_entry("default", "adaptive") == "{\"kind\": \"adaptive\"}");
  CHECK(strategy_entry("a scenario of my own", "webhook") == "{\"kind\": \"webhook\"}");
  CHECK(strategy_entry("default", "my_tuned_poller") == std::nullopt);
}

TEST_CASE("html recommendation: a pick that holds connections says what the server pays") {
  auto held = row("long_poll", 1.1, 0.12);
  held.connection_s = 23.2;
  auto guide = row("fixed_interval", 7.4, 3.0);
  guide.connection_s = 0.9;
  const auto run = run_of({guide, held});
  const auto recs = recommendations(run);
  CHECK(recommendation_sentence(recs[0]) ==
        "sora-2: poll with long_poll: 1.10 requests a task instead of 7.40 (not compared task by task) with the "
        "guide's fixed_interval, detection 2.88 s sooner, holding a connection 23.2 s a task at the server against "
        "900 ms.");
  held.connection_s = 1.5;  // under twice the guide's: nothing to add
  CHECK(recommendation_sentence(recommendations(run_of({guide, held}))[0]).find("holding") == std::string::npos);
}
