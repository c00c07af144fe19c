#include <catch2/catch.hpp>

#include "sim/status_service.hpp"

using namespace pollbench::sim;
using namespace std::chrono_literals;

TEST_CASE("the state moves through waiting and generating to the outcome") {
  TaskTruth t{Outcome::success, 2s, 10s};
  CHECK(state_at(t, 0s) == Reply::waiting);
  CHECK(state_at(t, 2s) == Reply::generating);
  CHECK(state_at(t, 9999999us) == Reply::generating);
  CHECK(state_at(t, 10s) == Reply::success);
  t.outcome = Outcome::failed;
  CHECK(state_at(t, 11s) == Reply::failed);
  const TaskTruth hang{Outcome::hang, 1s, Duration::max()};
  CHECK(state_at(hang, 100000s) == Reply::generating);
}

TEST_CASE("faults occur at their rates and carry what the client sees") {
  ModelProfile m;
  m.name = "m";
  m.key = model_key("m");
  m.response_time = Constant{0.25};
  m.faults.http_500 = 0.05;
  m.faults.http_429 = 0.02;
  m.faults.timeout = 0.01;
  m.faults.retry_after = 7s;
  const StatusService service(m, 3, 30s);
  const TaskTruth t{Outcome::success, 0s, 5s};
  constexpr int n = 200000;
  int c500 = 0, c429 = 0, ctimeout = 0, ok = 0;
  for (int i = 0; i < n; ++i) {
    const auto a = service.status(t, static_cast<std::uint64_t>(i), 0, 6s);
    switch (a.reply) {
      case Reply::http_500:
        ++c500;
        break;
      case Reply::http_429:
        ++c429;
        CHECK(a.retry_after == 7s);
        break;
      case Reply::timeout:
        ++ctimeout;
        CHECK(a.latency == 30s);
        break;
      case Reply::success:
        ++ok;
        CHECK(a.latency == 250ms);
        break;
      default:
        FAIL("unexpected reply");
    }
  }
  CHECK(c500 / double(n) == Approx(0.05).margin(0.002));
  CHECK(c429 / double(n) == Approx(0.02).margin(0.0015));
  CHECK(ctimeout / double(n) == Approx(0.01).margin(0.001));
  CHECK(ok + c500 + c429 + ctimeout == n);
}

TEST_CASE("webhooks: lost at the loss rate - never for a hang - delayed after the terminal moment") {
  ModelProfile m;
  m.name = "m";
  m.key = model_key("m");
  m.webhook = {Constant{0.5}, 0.1, 0.2};
  const StatusService service(m, 3, 30s);
  const TaskTruth t{Outcome::success, 0s, 5s};
  int lost = 0, duplicated = 0;
  constexpr int n = 100000;
  for (int i = 0; i < n; ++i) {
    const auto w = service.webhook(t, static_cast<std::uint64_t>(i));
    if (!w.delivered) {
      ++lost;
      continue;
    }
    CHECK(w.first_at == 5500ms);
    duplicated += w.copies == 2;
  }
  CHECK(lost / double(n) == Approx(0.1).margin(0.003));
  CHECK(duplicated / double(n - lost) == Approx(0.2).margin(0.005));
  CHECK_FALSE(service.webhook({Outcome::hang, 0s, Duration::max()}, 1).delivered);
}

TEST_CASE("a far-tail sample is clamped inside the range of microseconds") {
  CHECK(to_duration(Seconds{1e300}) > Duration{});
  CHECK(to_duration(Seconds{1e300}) + std::chrono::hours{24 * 365 * 1000} > Duration{});
}
