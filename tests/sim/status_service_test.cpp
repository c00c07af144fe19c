#include <catch2/catch.hpp>

#include <cmath>
#include <variant>

#include "sim/random_stream.hpp"
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

TEST_CASE("a fault carries what the client sees - a slow answer is a timeout") {
  ModelProfile m;
  m.name = "m";
  m.key = model_key("m");
  m.response_time = Constant{0.25};
  m.faults.retry_after = 7s;
  const StatusService service(m, 3, 30s);
  const TaskTruth t{Outcome::success, 0s, 5s};
  const auto ok = service.status(t, 1, 0, 6s, std::nullopt);
  CHECK(ok.reply == Reply::success);
  CHECK(ok.latency == 250ms);
  CHECK(service.status(t, 1, 0, 4s, std::nullopt).reply == Reply::generating);
  const auto refused = service.status(t, 1, 0, 6s, Reply::http_429);
  CHECK(refused.reply == Reply::http_429);
  CHECK(refused.retry_after == 7s);
  CHECK(refused.latency == 250ms);
  const auto stalled = service.status(t, 1, 0, 6s, Reply::timeout);
  CHECK(stalled.reply == Reply::timeout);
  CHECK(stalled.latency == 30s);
  CHECK(service.status(t, 1, 0, 6s, Reply::http_503).reply == Reply::http_503);
  m.response_time = Constant{31};
  const StatusService slow(m, 3, 30s);
  const auto late = slow.status(t, 1, 0, 6s, std::nullopt);
  CHECK(late.reply == Reply::timeout);
  CHECK(late.latency == 30s);
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

TEST_CASE("a request's draws are its keyed stream's: the response time's law, then the hint's error") {
  // The draws a hinted lognormal model takes both normals at once; any law, with a hint
  // or without, draws what the law's sample and then the hint's normal give.
  ModelProfile m;
  m.name = "m";
  m.key = model_key("m");
  for (const Distribution& law : {Distribution{LogNormal::from_median_p99(0.12, 0.8)}, Distribution{Exponential{0.1}},
                                  Distribution{Constant{0.2}}}) {
    for (const bool hinted : {true, false}) {
      m.response_time = law;
      m.poll_after_hint.enabled = hinted;
      const StatusService service(m, 11, 30s);
      for (std::uint64_t task = 0; task < 200; ++task) {
        for (std::uint32_t attempt = 0; attempt < 5; ++attempt) {
          RandomStream random({11, m.key, task, Purpose::response, attempt});
          const bool constant = std::holds_alternative<Constant>(law.law());
          const auto response = constant ? from_seconds(0.2) : to_duration(law.sample(random));
          const double hint_error = hinted ? std::exp(m.poll_after_hint.sigma * random.normal()) : 1.0;
          const auto drawn = service.draws(task, attempt);
          REQUIRE(drawn.response == response);
          REQUIRE(drawn.hint_error == hint_error);
        }
      }
    }
  }
}
