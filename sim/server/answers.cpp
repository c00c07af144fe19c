#include "sim/server/answers.hpp"

#include <cmath>
#include <fmt/format.h>

namespace pollbench::sim::server {

namespace {

// Wall milliseconds to the microsecond: at high time scales a scenario's seconds are a
// fraction of a millisecond, and whole milliseconds would round a wait to nothing.
double hint_ms(const TimeScale& scale, Duration scenario) { return std::round(scale.wall_ms(scenario) * 1000) / 1000; }

}  // namespace

ApiResponse json_answer(int status, std::string body) {
  ApiResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

ApiResponse error_answer(int status, std::string_view message) {
  return json_answer(status, error_body(status, message));
}

ApiResponse metrics_answer(std::string exposition) {
  ApiResponse r;
  r.body = std::move(exposition);
  r.headers.emplace_back("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  return r;
}

ApiResponse too_many(Duration retry_after, const TimeScale& scale, std::string_view message) {
  const double ms = hint_ms(scale, retry_after);
  auto r = error_answer(429, message);
  r.headers.emplace_back("Retry-After", std::to_string(static_cast<long>(std::ceil(ms / 1000))));
  r.headers.emplace_back("Retry-After-Ms", fmt::format("{}", ms));
  return r;
}

StatusRecord record_of(const ServedTask& t, Reply state, Duration poll_after, const TimeScale& scale,
                       const TaskProgress& progress) {
  StatusRecord r{t.id, t.model->name, state, t.param, {}, {}, {}, {}, progress.fraction, progress.queue_position};
  if (state == Reply::success) r.result_urls.push_back(fmt::format("https://files.pollbench.invalid/{}/0.png", t.id));
  if (state == Reply::failed) {
    r.fail_code = t.model->failure.code;
    r.fail_message = t.model->failure.message;
  }
  if (poll_after > Duration{}) r.poll_after_ms = hint_ms(scale, poll_after);
  return r;
}

ApiResponse fated_answer(const StatusReply& fate, std::string normal_body, const TimeScale& scale) {
  switch (fate.reply) {
    case Reply::http_500:
      return error_answer(500, "internal server error (injected)");
    case Reply::http_503:
      return error_answer(503, "service unavailable (injected)");
    case Reply::http_429:
      return too_many(fate.retry_after, scale, "too many requests (injected)");
    case Reply::connection_reset: {
      auto r = json_answer(500, {});  // never reaches the client: its connection is reset
      r.playback = Playback::reset;
      return r;
    }
    case Reply::malformed_body:
      return json_answer(200, normal_body.substr(0, normal_body.size() / 2));
    default:
      return json_answer(200, std::move(normal_body));  // a normal answer, or a stall that outlived its client
  }
}

}  // namespace pollbench::sim::server
