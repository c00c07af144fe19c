#include "bench/client/task_client.hpp"

#include <catch2/catch.hpp>

#include "strategies/strategy.hpp"

using namespace pollbench;
using namespace pollbench::strategies;
using namespace std::chrono_literals;
using bench::TaskClient;

namespace {

Observation answer(Duration now, Reply reply) { return {now, reply, 0s, false}; }

}  // namespace

TEST_CASE("task client: polls on the policy's schedule from the moment each answer came") {
  const FixedInterval fixed;
  TaskClient client(fixed, 0.5);
  REQUIRE(client.poll_at() == 0s);
  client.answered(answer(100ms, Reply::generating));
  CHECK(client.poll_at() == 3100ms);
  client.answered(answer(3200ms, Reply::success));
  CHECK_FALSE(client.poll_at());
  REQUIRE(client.finished());
  CHECK(client.report()->verdict == Verdict::success);
  CHECK(client.report()->at == 3200ms);
  client.answered(answer(9s, Reply::failed));  // nothing changes once reported
  CHECK(client.report()->verdict == Verdict::success);
}

TEST_CASE("task client: a crash ends it with no report") {
  const ConcurrentPoller poller;
  TaskClient client(poller, 0.5);
  client.answered(answer(50ms, Reply::http_500));
  CHECK(client.finished());
  CHECK_FALSE(client.report());
}

TEST_CASE("task client: a jittered policy's first step takes the draw it is given") {
  const Backoff backoff{Jitter::full};
  CHECK(TaskClient(backoff, 0.25).poll_at() == 500ms);  // 0.25 of the 2 s base
  CHECK(TaskClient(backoff, 0.75).poll_at() == 1500ms);
}

TEST_CASE("task client: a webhook waits for its callback and hears only the first copy") {
  const Webhook webhook;
  TaskClient client(webhook, 0.5);
  CHECK(client.awaiting_callback());
  CHECK_FALSE(client.poll_at());
  CHECK(client.called_back(answer(42s, Reply::failed)));
  CHECK(client.report()->verdict == Verdict::failure);
  CHECK(client.report()->at == 42s);
  CHECK_FALSE(client.called_back(answer(43s, Reply::success)));
  CHECK(client.report()->verdict == Verdict::failure);
}

TEST_CASE("task client: a callback before the next poll replaces it") {
  const HybridWebhook hybrid;  // first fallback poll at 60 s
  TaskClient client(hybrid, 0.5);
  REQUIRE(client.poll_at() == 60s);
  CHECK(client.called_back(answer(12s, Reply::success)));
  CHECK_FALSE(client.poll_at());
  CHECK(client.report()->at == 12s);
}

TEST_CASE("task client: a callback that overtakes a request in flight decides, and that answer is not heard") {
  const HybridWebhook hybrid;
  TaskClient client(hybrid, 0.5);
  REQUIRE(client.poll_at() == 60s);
  CHECK(client.called_back(answer(60050ms, Reply::success)));  // the 60 s poll is out
  client.answered(answer(60100ms, Reply::waiting));
  REQUIRE(client.report());
  CHECK(client.report()->verdict == Verdict::success);
  CHECK(client.report()->at == 60050ms);
}

TEST_CASE("task client: a callback at the very moment a poll is due comes first") {
  const HybridWebhook hybrid;
  TaskClient client(hybrid, 0.5);
  CHECK(client.called_back(answer(60s, Reply::success)));
  CHECK(client.report()->at == 60s);
}
