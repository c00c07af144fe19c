#include "bench/client/round_client.hpp"

#include <catch2/catch.hpp>
#include <map>

#include "strategies/strategy.hpp"

using namespace pollbench;
using namespace pollbench::strategies;
using namespace std::chrono_literals;
using bench::AfterAnswer;
using bench::RoundClient;

namespace {

// A scripted server: each task's reply in this round, all heard at `now`.
struct Script {
  std::map<std::uint64_t, Reply> replies;
  Duration now{};
  std::map<std::uint64_t, bench::Report> reported = {};

  auto seen() {
    return [this](std::uint64_t task) { return Observation{now, replies.at(task), 0s, false}; };
  }
  auto reports() {
    return [this](std::uint64_t task, const bench::Report& r) { reported.emplace(task, r); };
  }
};

}  // namespace

TEST_CASE("round client: submissions join one round - a round ends when its last answer is back") {
  const ConcurrentPoller poller;
  std::vector<ConcurrentPoller::State> states(3);
  RoundClient client(poller, 1, states);
  CHECK(client.submitted(0));        // idle: start a round now
  CHECK_FALSE(client.submitted(1));  // it is starting: no second loop
  REQUIRE(client.start_round() == std::vector<std::uint64_t>{0, 1});
  CHECK_FALSE(client.submitted(2));  // joins the next round
  Script script{{{0, Reply::success}, {1, Reply::generating}, {2, Reply::waiting}}, 2s};
  CHECK(client.answered(0, script.seen(), script.reports()) == AfterAnswer::wait);
  CHECK(client.answered(1, script.seen(), script.reports()) == AfterAnswer::next_round);
  CHECK(script.reported.at(0).at == 2s);
  CHECK(client.start_round() == std::vector<std::uint64_t>{1, 2});  // the kept task first, then the newcomer
}

TEST_CASE("round client: a batch shares one request and every id reads its own state") {
  const BatchConcurrent poller{{}, 2};
  const auto rounds = poller.rounds_for("suno");
  std::vector<CorrectedConcurrent::State> states(3);
  RoundClient client(rounds, poller.batch_size(), states);
  for (std::uint64_t t = 0; t < 3; ++t) client.submitted(t);
  client.start_round();
  CHECK(client.batch_size_at(0) == 2);
  CHECK(client.batch_size_at(2) == 1);
  Script script{{{0, Reply::success}, {1, Reply::failed}, {2, Reply::waiting}}, 1s};
  CHECK(client.answered(0, script.seen(), script.reports()) == AfterAnswer::wait);
  CHECK(script.reported.size() == 2);
  CHECK(client.answered(2, script.seen(), script.reports()) == AfterAnswer::next_round);
}

TEST_CASE("round client: one error stops the loop - a submission since restarts it once the round is back") {
  const ConcurrentPoller poller;
  std::vector<ConcurrentPoller::State> states(3);
  RoundClient client(poller, 1, states);
  client.submitted(0);
  client.submitted(1);
  client.start_round();
  Script script{{{0, Reply::http_500}, {1, Reply::generating}}, 1s};
  CHECK(client.answered(0, script.seen(), script.reports()) == AfterAnswer::wait);  // crashed, one answer still out
  CHECK_FALSE(client.submitted(2));  // start() again, but it must wait for the round
  CHECK(client.answered(1, script.seen(), script.reports()) == AfterAnswer::restart);
  CHECK(client.start_round() == std::vector<std::uint64_t>{0, 1, 2});  // nobody reported: all resume
}

TEST_CASE("round client: a crashed round with no submission since stops, and its tasks wait") {
  const ConcurrentPoller poller;
  std::vector<ConcurrentPoller::State> states(2);
  RoundClient client(poller, 1, states);
  client.submitted(0);
  client.start_round();
  Script script{{{0, Reply::connection_reset}, {1, Reply::waiting}}, 1s};
  CHECK(client.answered(0, script.seen(), script.reports()) == AfterAnswer::stop);
  CHECK(script.reported.empty());
  CHECK(client.submitted(1));  // idle again: the next submission starts a round at once
  CHECK(client.start_round() == std::vector<std::uint64_t>{0, 1});
}
