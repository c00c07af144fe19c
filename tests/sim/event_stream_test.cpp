#include <catch2/catch.hpp>

#include "sim/event_stream.hpp"
#include "sim/random_stream.hpp"
#include "sim/status_service.hpp"

using namespace pollbench::sim;
using namespace std::chrono_literals;

namespace {

ModelProfile streaming(double loss, Duration idle_cut, bool progress) {
  ModelProfile m;
  m.name = "s";
  m.key = model_key("s");
  m.completion = Constant{30};
  m.event_stream = {true, idle_cut, loss};
  m.progress = {progress, Constant{1}, {}};
  return m;
}

// Every happening of one connection, to its end.
std::vector<StreamHappening> heard(EventStream::Connection c) {
  std::vector<StreamHappening> out;
  for (int i = 0; i < 100; ++i) {
    out.push_back(c.next());
    if (!out.back().event || is_terminal(out.back().event->state)) break;
  }
  return out;
}

}  // namespace

TEST_CASE("event stream: the task's states and progress every 5%, the latest sent on opening") {
  const auto m = streaming(0, Duration{}, true);
  const TaskTruth t{Outcome::success, 10s, 30s};
  const ProgressReport progress(m, t, 1, 0, 20s);
  const EventStream stream(m, t, progress, 1, 0);
  REQUIRE(stream.events().size() == 1 + 1 + 19 + 1);  // waiting, generating, 5% to 95%, success
  CHECK(stream.events()[2].at == 11s);                // 5% of the 20-s generation
  CHECK(*stream.events()[2].progress.fraction == Approx(0.05));
  const auto later = heard(stream.open(14s, std::nullopt));
  CHECK(later.front().at == 14s);  // the event of 20% (at 14 s), sent at once
  CHECK(*later.front().event->progress.fraction == Approx(0.2));
  CHECK(later[1].at == 15s);
  CHECK(later.back().event->state == Reply::success);
  CHECK(later.back().at == 30s);
}

TEST_CASE("event stream: a quiet stream is cut at the idle time, and a reconnect is sent nothing it saw") {
  const auto m = streaming(0, 10s, false);
  const TaskTruth t{Outcome::success, 5s, 30s};
  const EventStream stream(m, t, ProgressReport(m, t, 1, 0, 25s), 1, 0);
  const auto first = heard(stream.open(0s, std::nullopt));
  REQUIRE(first.size() == 3);  // waiting, generating at 5 s, then the cut at 15 s
  CHECK_FALSE(first.back().event);
  CHECK(first.back().at == 15s);
  const auto again = heard(stream.open(15s, first[1].event->id));
  REQUIRE(again.size() == 1);  // nothing new before the next cut at 25 s
  CHECK(again.back().at == 25s);
  const auto last = heard(stream.open(25s, first[1].event->id));
  CHECK(last.back().event->state == Reply::success);
}

TEST_CASE("event stream: a connection closes an hour after it opened, whatever it carries") {
  const auto m = streaming(0, Duration{}, false);
  const TaskTruth hang{Outcome::hang, 5s, Duration::max()};
  const EventStream stream(m, hang, ProgressReport(m, hang, 1, 0, 25s), 1, 0);
  const auto heard_all = heard(stream.open(100s, std::nullopt));
  CHECK(heard_all.front().event->state == Reply::generating);
  CHECK_FALSE(heard_all.back().event);
  CHECK(heard_all.back().at == 3700s);
}

TEST_CASE("event stream: a lost terminal event closes the stream, and the reconnect gets it") {
  // Find a task whose terminal event (id 2: waiting, generating, success) is lost.
  const auto m = streaming(0.9, Duration{}, false);
  const TaskTruth t{Outcome::success, 5s, 30s};
  std::uint64_t task = 0;
  while (RandomStream({1, m.key, task, Purpose::stream, 2}).uniform() >= 0.9) ++task;
  const EventStream stream(m, t, ProgressReport(m, t, 1, task, 25s), 1, task);
  const auto first = heard(stream.open(0s, std::nullopt));
  CHECK_FALSE(first.back().event);
  CHECK(first.back().at == 30s);
  const auto resumed = heard(stream.open(31s, first.front().event->id));
  REQUIRE(resumed.size() == 1);
  CHECK(resumed.front().event->state == Reply::success);
  CHECK(resumed.front().event->id == 2);
}

TEST_CASE("long polls: held until the end or the wait, the model's cap, resets drawn within the hold") {
  ModelProfile m;
  m.name = "lp";
  m.key = model_key("lp");
  m.response_time = Constant{0.1};
  m.long_poll = {true, 60s, 0};
  const StatusService service(m, 3, 30s);
  const TaskTruth t{Outcome::success, 2s, 100s};
  const auto released = service.status(t, 0, 0, 70s, std::nullopt, 45s);
  CHECK(released.reply == Reply::success);
  CHECK(released.held == 30s);
  CHECK(released.latency == 30100ms);
  const auto capped = service.status(t, 0, 0, 0s, std::nullopt, 600s);
  CHECK(capped.reply == Reply::generating);
  CHECK(capped.held == 60s);  // past the 30-s request timeout: the client waits for what it asked
  CHECK(service.status(t, 0, 0, 0s, Reply::http_500, 60s).held == Duration{});  // a fault answers at once
  CHECK(service.status(t, 0, 0, 0s, std::nullopt).held == Duration{});          // no hold asked
  m.long_poll.reset_rate = 1;
  const StatusService resetting(m, 3, 30s);
  const auto reset = resetting.status(t, 0, 0, 0s, std::nullopt, 60s);
  CHECK(resetting.status(t, 0, 0, 0s, std::nullopt, 600s).held < 60s);
  CHECK(reset.reply == Reply::connection_reset);
  CHECK(reset.held > Duration{});
  CHECK(reset.held < 60s);
  // A stall on a held request ends on the client's timer, the hold it asked on top.
  CHECK(service.status(t, 0, 0, 0s, Reply::timeout, 45s).latency == 75s);
  CHECK(service.status(t, 0, 0, 0s, Reply::timeout).latency == 30s);
  m.long_poll.enabled = false;
  const StatusService plain(m, 3, 30s);
  CHECK(plain.status(t, 0, 0, 0s, std::nullopt, 60s).held == Duration{});  // a server without holds answers at once
}

TEST_CASE("progress: whole percents, never 100% before the end, queue positions while waiting") {
  ModelProfile m;
  m.name = "p";
  m.key = model_key("p");
  m.progress = {true, Constant{1}, 2s};
  const TaskTruth t{Outcome::success, 10s, 110s};
  const ProgressReport p(m, t, 1, 0, 100s);
  CHECK(*p.at(0s).queue_position == 5);
  CHECK(*p.at(9s).queue_position == 1);
  CHECK(*p.at(0s).fraction == 0);
  CHECK(*p.at(60s).fraction == Approx(0.5));
  CHECK(*p.at(60500ms).fraction == Approx(0.5));
  CHECK(*p.at(109999ms).fraction == Approx(0.99));
  CHECK_FALSE(p.at(110s).fraction);
  CHECK(*p.reaches(0.25) == 35s);
  m.progress.error = LogNormal{0, 0.5};  // a task the server believes longer or shorter, by its own factor
  const ProgressReport off(m, t, 1, 0, 100s);
  CHECK(*off.at(60s).fraction != Approx(0.5));
  m.progress.enabled = false;
  CHECK_FALSE(ProgressReport(m, t, 1, 0, 100s).at(60s).fraction);
}
