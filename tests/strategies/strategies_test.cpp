#include <catch2/catch.hpp>
#include <vector>

#include "strategies/strategy.hpp"

using namespace pollbench::strategies;
using namespace std::chrono_literals;

namespace {

struct Trace {
  std::vector<Duration> polls;  // when each request was sent, from submission
  Decision last;                // the report (or crash) that ended it
  Duration ended{};
};

// Runs a per-task policy against a scripted server: the k-th request gets replies[k]
// (the last one repeats) and takes `latency` to answer.
template <class Policy>
Trace run(const Policy& policy, std::vector<Reply> replies, Duration latency = 0s, bool network_message = false) {
  typename Policy::State state{};
  Trace trace;
  Decision d = [&] {
    if constexpr (requires { policy.first(state, 0.5); })
      return policy.first(state, 0.5);
    else
      return policy.first(state);
  }();
  Duration now{};
  while (d.kind == Decision::Kind::poll) {
    now += d.delay;
    trace.polls.push_back(now);
    REQUIRE(trace.polls.size() < 10000);
    const auto k = std::min(trace.polls.size() - 1, replies.size() - 1);
    now += latency;
    d = policy.next(state, {now, replies[k], 0s, network_message});
  }
  trace.last = d;
  trace.ended = now + d.delay;
  return trace;
}

}  // namespace

TEST_CASE("fixed interval: poll at once - then every 3 s - 60 attempts - a last sleep before Timeout") {
  const FixedInterval s;
  auto t = run(s, {Reply::generating, Reply::generating, Reply::success});
  CHECK(t.polls == std::vector<Duration>{0s, 3s, 6s});
  CHECK(t.last.verdict == Verdict::success);

  t = run(s, {Reply::waiting}, 100ms);
  CHECK(t.polls.size() == 60);
  CHECK(t.polls.back() == 59 * 3100ms);
  CHECK(t.last.verdict == Verdict::timeout);
  CHECK(t.ended == 60 * 3100ms);

  t = run(s, {Reply::generating, Reply::http_503});
  CHECK(t.polls.size() == 2);
  CHECK(t.last.verdict == Verdict::error);
  t = run(s, {Reply::failed});
  CHECK(t.last.verdict == Verdict::failure);
}

TEST_CASE("adaptive: the document's table - its fallback - and sleeps-only elapsed time") {
  const Adaptive a;
  auto t = run(a.for_model("nano-banana"), {Reply::generating});
  // Polls at 5 s, 8 s, ... while 5 + 3k < 120: k = 0..38.
  CHECK(t.polls.size() == 39);
  CHECK(t.polls.front() == 5s);
  CHECK(t.polls.back() == 119s);
  CHECK(t.last.verdict == Verdict::timeout);
  CHECK(t.ended == 122s);

  t = run(a.for_model("sora-2"), {Reply::generating}, 1s);
  CHECK(t.polls.size() == 36);  // 60 + 15k < 600
  CHECK(t.ended > 600s);        // latency never counted toward max

  t = run(a.for_model("unknown-model"), {Reply::generating, Reply::success});
  CHECK(t.polls == std::vector<Duration>{10s, 15s});
  CHECK(run(a.for_model("suno"), {Reply::http_500}).last.verdict == Verdict::error);
}

TEST_CASE("exponential backoff: 2 s x 1.5 capped at 30 s - 10 minutes of sleeps") {
  const ExponentialBackoff b;
  auto t = run(b, {Reply::generating});
  std::vector<Duration> gaps;
  for (std::size_t i = 1; i < t.polls.size(); ++i) gaps.push_back(t.polls[i] - t.polls[i - 1]);
  REQUIRE(gaps.size() >= 8);
  CHECK(gaps[0] == 2s);
  CHECK(gaps[1] == 3s);
  CHECK(gaps[2] == 4500ms);
  CHECK(gaps[3] == 6750ms);
  CHECK(gaps[5] == 15187500us);
  CHECK(gaps[7] == 30s);
  CHECK(t.polls.front() == 0s);
  CHECK(t.last.verdict == Verdict::timeout);
  CHECK(t.ended >= 600s);
  CHECK(t.polls.back() < 600s);
  // Sleeps 2+3+...+22.78 = 64.3 s over 7 gaps, then 30 s gaps while below 600 s: 17 more.
  CHECK(t.polls.size() == 1 + 7 + 17);
}

TEST_CASE("resilient: retries resets with 1 s - 2 s - then falls through to the interval") {
  const Resilient r;
  auto t = run(r, {Reply::connection_reset, Reply::connection_reset, Reply::connection_reset, Reply::success});
  CHECK(t.polls == std::vector<Duration>{0s, 1s, 3s, 9s});  // 3 s retry sleep + 3 s interval
  CHECK(t.last.verdict == Verdict::success);

  t = run(r, {Reply::generating, Reply::http_500});
  CHECK(t.last.verdict == Verdict::error);
  t = run(r, {Reply::timeout});
  CHECK(t.last.verdict == Verdict::error);  // ECONNABORTED has no 'network' in it
  t = run(r, {Reply::failed});
  CHECK(t.last.verdict == Verdict::failure);

  // A failMsg containing 'network' is retried like a reset, until the time limit.
  t = run(r, {Reply::failed}, 0s, true);
  CHECK(t.last.verdict == Verdict::timeout);
  CHECK(t.polls.size() == 300);  // 100 rounds of 3 requests
  t = run(r, {Reply::generating});
  CHECK(t.polls.size() == 100);
  CHECK(t.ended == 300s);
}

TEST_CASE("concurrent poller: 62 polls before timeout - an error crashes the poller") {
  const ConcurrentPoller c;
  auto t = run(c, {Reply::generating});
  CHECK(t.polls.size() == 62);
  CHECK(t.last.verdict == Verdict::timeout);
  t = run(c, {Reply::generating, Reply::malformed_body});
  CHECK(t.last.kind == Decision::Kind::crash);
  CHECK(run(c, {Reply::failed}).last.verdict == Verdict::failure);
}

TEST_CASE("webhook: waits for the delivery and reports what it says") {
  const Webhook w;
  Webhook::State s;
  CHECK(w.first(s).kind == Decision::Kind::await_callback);
  CHECK(w.next(s, {5s, Reply::failed, 0s, false}).verdict == Verdict::failure);
}

TEST_CASE("capped exponential: real elapsed time - errors retried - Retry-After honoured - last poll on the deadline") {
  Backoff b;
  b.base = 2s;
  b.multiplier = 2;
  b.cap = 10s;
  b.deadline = 30s;
  auto t = run(b, {Reply::generating, Reply::http_500, Reply::generating});
  // 0, 2, 6, 14, 24 (capped at 10 s), then the 10-s sleep is cut to land on 30 s.
  CHECK(t.polls == std::vector<Duration>{0s, 2s, 6s, 14s, 24s, 30s});
  CHECK(t.last.verdict == Verdict::timeout);
  t = run(b, {Reply::generating}, 1s);  // request time counts toward the deadline
  CHECK(t.polls.back() <= 30s);
  CHECK(t.ended <= 31s);
  Backoff::State s;
  b.first(s, 0.5);
  CHECK(b.next(s, {1s, Reply::http_429, 7s, false}).delay == 7s);  // max(2 s, Retry-After)
}

TEST_CASE("jitter: full - equal - decorrelated sleeps from the drawn uniform") {
  Backoff b;
  b.base = 2s;
  b.multiplier = 2;
  b.cap = 30s;
  auto sleep_after = [&](Jitter j, double u) {
    b.jitter = j;
    Backoff::State s;
    b.first(s, u);
    Observation o{1s, Reply::generating, 0s, false};
    o.uniform = u;
    b.next(s, o);               // the first sleep: base x 2^0
    return b.next(s, o).delay;  // the second: base x 2^1 = 4 s before jitter
  };
  CHECK(sleep_after(Jitter::none, 0.25) == 4s);
  CHECK(sleep_after(Jitter::full, 0.25) == 1s);
  CHECK(sleep_after(Jitter::equal, 0.25) == 2500ms);
  // Decorrelated: uniform in [base, 3 x previous]: previous 2 + 0.25 x (6 - 2) = 3 s, then 2 + 0.25 x (9 - 2).
  CHECK(sleep_after(Jitter::decorrelated, 0.25) == 3750ms);
  Backoff::State s;
  b.jitter = Jitter::full;
  CHECK(b.first(s, 0.25).delay == 500ms);  // the first poll is spread over [0, base)
  b.jitter = Jitter::none;
  CHECK(b.first(s, 0.25).delay == 0s);
}

TEST_CASE("corrected adaptive: real elapsed time - errors retried - a 429 waits - last poll on the deadline") {
  const CorrectedAdaptive c;
  const auto nano = c.for_model("nano-banana");  // 5 s, every 3 s, until 120 s of real time
  auto t = run(nano, {Reply::generating, Reply::http_500, Reply::success});
  CHECK(t.polls == std::vector<Duration>{5s, 8s, 11s});
  CHECK(t.last.verdict == Verdict::success);
  t = run(nano, {Reply::generating}, 1s);
  CHECK(t.polls.back() <= 120s);
  CHECK(t.polls.size() == 30);  // every 4 s of real time from 5 s: fewer than the faithful 39
  CHECK(t.last.verdict == Verdict::timeout);
  SteadyPoll::State s;
  CHECK(nano.next(s, {10s, Reply::http_429, 20s, false}).delay == 20s);
  CHECK(nano.next(s, {119s, Reply::generating, 0s, false}).delay == 1s);  // lands on the deadline
}

TEST_CASE("server hinted: waits max(interval - hint - Retry-After) - never past the deadline") {
  ServerHinted h;
  h.deadline = 100s;
  SteadyPoll::State s;
  CHECK(h.first(s).delay == 0s);
  Observation o{10s, Reply::generating, 0s, false};
  o.poll_after = 25s;
  CHECK(h.next(s, o).delay == 25s);
  o.poll_after = 500ms;
  CHECK(h.next(s, o).delay == 2s);  // its own interval
  o.reply = Reply::http_429;
  o.retry_after = 7s;
  CHECK(h.next(s, o).delay == 7s);
  o.reply = Reply::generating;
  o.now = 90s;
  o.poll_after = 30s;
  CHECK(h.next(s, o).delay == 10s);  // cut to land on the deadline
}
