#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "sim/json_fields.hpp"
#include "sim/scenario.hpp"
#include "strategies/event_stream.hpp"
#include "strategies/long_poll.hpp"
#include "tests/bench/drivers/run_one.hpp"

using namespace pollbench;
using namespace std::chrono_literals;
using nlohmann::json;
using sim::Reply;
using strategies::Decision;
using strategies::Observation;

namespace {

Observation heard(strategies::Duration now, Reply reply) {
  Observation o;
  o.now = now;
  o.reply = reply;
  return o;
}

sim::Scenario one_model(const json& shapes, const json& strategy) {
  json m = {{"name", "m"},
            {"completion", {{"kind", "lognormal"}, {"median_s", 40}, {"sigma", 0.6}}},
            {"queue", {{"kind", "exponential"}, {"mean_s", 5}}},
            {"response_time", {{"kind", "constant"}, {"value_s", 0.1}}},
            {"faults", {{"http_500", 0.01}, {"connection_reset", 0.01}}}};
  m.update(shapes);
  return sim::parse_scenario({{"seed", 3}, {"tasks_per_model", 3000}, {"models", {m}}, {"strategies", {strategy}}});
}

}  // namespace

TEST_CASE("long_poll: re-arms at once after a pending answer, backs off on errors, the last hold on the deadline") {
  const strategies::LongPoll p;  // wait 60 s, backoff 1 s to 30 s, deadline 30 min
  strategies::LongPoll::State s;
  const auto first = p.first(s);
  CHECK(first.kind == Decision::Kind::poll);
  CHECK(first.delay == 0s);
  CHECK(first.hold == 60s);
  CHECK(p.next(s, heard(60s, Reply::generating)).delay == 0s);
  CHECK(p.next(s, heard(61s, Reply::http_500)).delay == 1s);
  CHECK(p.next(s, heard(62s, Reply::connection_reset)).delay == 2s);
  const auto after = p.next(s, heard(64s, Reply::waiting));
  CHECK(after.delay == 0s);  // an answer ends the backoff
  CHECK(p.next(s, heard(65s, Reply::http_503)).delay == 1s);
  CHECK(p.next(s, heard(1790s, Reply::generating)).hold == 10s);
  CHECK(p.next(s, heard(1800s, Reply::generating)).verdict == strategies::Verdict::timeout);
  CHECK(p.next(s, heard(10s, Reply::success)).kind == Decision::Kind::report);
}

TEST_CASE("event_stream: reopens a cut stream at once, and polls after three cuts in a row") {
  const strategies::EventStream p;
  strategies::EventStream::State s;
  CHECK(p.first(s).kind == Decision::Kind::listen);
  CHECK(p.next(s, heard(5s, Reply::generating)).kind == Decision::Kind::listen);
  CHECK(p.next(s, heard(65s, Reply::connection_reset)).delay == 0s);
  CHECK(p.next(s, heard(66s, Reply::generating)).kind == Decision::Kind::listen);  // an event: the count starts over
  CHECK(p.next(s, heard(126s, Reply::connection_reset)).kind == Decision::Kind::listen);
  CHECK(p.next(s, heard(186s, Reply::connection_reset)).kind == Decision::Kind::listen);
  const auto fallback = p.next(s, heard(246s, Reply::connection_reset));
  CHECK(fallback.kind == Decision::Kind::poll);
  CHECK(p.next(s, heard(247s, Reply::generating)).delay == 5s);
  CHECK(p.next(s, heard(248s, Reply::http_500)).kind == Decision::Kind::poll);
  strategies::EventStream::State opening;
  p.first(opening);
  CHECK(p.next(opening, heard(1s, Reply::http_500)).delay == 1s);  // an error on opening backs off
}

TEST_CASE("simulated streams that are cut and lose events still report every task that ends, once") {
  const auto row = testing::run_one(
      one_model({{"event_stream", {{"idle_cut_s", 10}, {"event_loss_rate", 0.5}}}}, {{"kind", "event_stream"}}));
  CHECK(row.lost_rate == 0);
  CHECK(row.false_timeout_rate == 0);
  CHECK(row.wrong_outcome_rate == 0);
  CHECK(row.requests.mean > 2);  // the cuts and the lost terminal events cost reconnections
  CHECK(row.detection_latency_s.p95 < 15);
  CHECK(row.connection_s > 30);  // a connection held for most of each task
}

TEST_CASE("simulated long polls: one request a minute of the task, detection within the response time") {
  const auto row = testing::run_one(one_model({{"long_poll", {{"max_wait_s", 60}}}}, {{"kind", "long_poll"}}));
  CHECK(row.false_timeout_rate == 0);
  CHECK(row.requests.mean < 2.5);
  CHECK(row.detection_latency_s.p50 == Approx(0.1).margin(0.01));
  CHECK(row.informed);
  REQUIRE(row.efficiency);
  CHECK(*row.efficiency > 1);
}
