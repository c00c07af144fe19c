#include "bench/live/live_context.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace pollbench::bench::live {

namespace {

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// A query parameter's value, percent-encoded beyond the characters URLs leave alone.
std::string url_encoded(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);  // isalnum of a negative char is undefined
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

}  // namespace

LiveContext::LiveContext(const sim::Scenario& s, const Endpoint& endpoint, sim::server::TimeScale sc, std::string id,
                         std::size_t max_connections)
    : http(io, endpoint.host, endpoint.port, max_connections),
      scenario(s),
      scale(sc),
      api_key(endpoint.api_key),
      run_id(std::move(id)),
      start(Clock::now()) {}

LiveContext::TimerId LiveContext::after(Clock::time_point when, std::function<void()> work) {
  const auto id = next_timer_++;
  auto& timer = timers_.try_emplace(id, io.get_executor()).first->second;
  timer.expires_at(when);
  ++work_;
  // Whether it ran out or was cancelled, the entry says whether the work is still wanted.
  timer.async_wait([this, id, work = std::move(work)](boost::system::error_code) {
    const auto it = timers_.find(id);
    if (it == timers_.end()) return;
    timers_.erase(it);
    work();
    done_with_work();
  });
  return id;
}

void LiveContext::cancel(TimerId timer) {
  if (timers_.erase(timer) > 0) done_with_work();
}

void LiveContext::done_with_work() {
  if (--work_ == 0 && on_idle) on_idle();
}

void LiveContext::submit(const ModelWorld& world, std::uint64_t task, const std::string& series, bool with_callback,
                         std::function<void(std::string, Clock::time_point)> created) {
  nlohmann::json body = {{"request_type", with_callback ? "callback" : "async"},
                         {"input", {{"prompt", "pollbench live run"}}}};
  if (with_callback) body["callback_url"] = callback_url;
  HttpRequest request{"POST",
                      "/generateTask/" + world.model.name,
                      {{"Authorization", "Bearer " + api_key},
                       {"Content-Type", "application/json"},
                       {"X-Pollbench-Task-Index", std::to_string(task)},
                       {"X-Pollbench-Series", series}},
                      body.dump()};
  ++work_;
  http.send(std::move(request), scale.to_wall(scenario.request_timeout),
            [this, created = std::move(created)](HttpExchange ex) {
              measured.round_trip_ms.push_back(ms(ex.finished - ex.sent));
              note_submission_answer(ex);
              created(read_created_task(ex), ex.finished);
              done_with_work();
            });
}

void LiveContext::note_submission_answer(const HttpExchange& exchange) {
  const auto* response = std::get_if<HttpResponse>(&exchange.result);
  if (response == nullptr) return;  // no answer: the strategies meet and measure that
  if (response->status < 400) {
    refusals_in_a_row_ = 0;
    return;
  }
  if (++refusals_in_a_row_ < max_refusals_in_a_row || aborted) return;
  aborted = fmt::format("the server refused {} submissions in a row, the last with HTTP {}: {}", refusals_in_a_row_,
                        response->status, response->body.substr(0, 200));
  if (on_abort) on_abort();
}

void LiveContext::status(const std::vector<std::string>& ids, const std::string& client, Clock::time_point wanted,
                         std::function<void(const HttpExchange&)> answered, sim::Duration hold) {
  HttpRequest request;
  request.headers = {{"Authorization", "Bearer " + api_key}, {"X-Pollbench-Client", client}};
  if (hold > sim::Duration{})
    request.headers.emplace_back(
        "Prefer", fmt::format("wait={:.9g}", std::chrono::duration<double>(scale.to_wall(hold)).count()));
  if (ids.size() == 1) {
    request.method = "GET";
    request.target = "/recordInfo?taskId=" + url_encoded(ids.front());
  } else {
    request.method = "POST";
    request.target = "/recordInfo/batch";
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = nlohmann::json{{"taskIds", ids}}.dump();
  }
  ++work_;
  ++measured.status_requests;
  http.send(std::move(request), scale.to_wall(scenario.request_timeout + hold),
            [this, wanted, answered = std::move(answered)](HttpExchange ex) {
              measured.scheduling_error_ms.push_back(ms(ex.sent - wanted));
              answered(ex);
              if (measured.on_status_answer) measured.on_status_answer(measured.scheduling_error_ms.size());
              done_with_work();
            });
}

std::shared_ptr<EventStreamClient> LiveContext::stream(const std::string& id, const std::string& client,
                                                       std::optional<std::uint32_t> seen, Clock::time_point wanted,
                                                       EventStreamClient::Handlers handlers) {
  HttpRequest request;
  request.method = "GET";
  request.target = "/stream?taskId=" + url_encoded(id);
  request.headers = {{"Authorization", "Bearer " + api_key}, {"X-Pollbench-Client", client}};
  if (seen) request.headers.emplace_back("Last-Event-ID", std::to_string(*seen));
  ++work_;
  ++measured.status_requests;
  auto opened = std::move(handlers.opened);
  handlers.opened = [this, wanted, opened = std::move(opened)](const HttpExchange& ex) {
    measured.scheduling_error_ms.push_back(ms(ex.sent - wanted));
    opened(ex);
  };
  return EventStreamClient::open(io, http.endpoint(), http.host_header(), request,
                                 scale.to_wall(scenario.request_timeout), std::move(handlers));
}

void LiveContext::stream_done() { done_with_work(); }

void LiveContext::listen(const std::string& task_id, std::function<void(const Callback&)> heard) {
  listeners_.emplace(task_id, std::move(heard));
}

void LiveContext::hear_early(const std::string& task_id) {
  const auto it = early_.find(task_id);
  if (it == early_.end()) return;
  const auto callback = std::move(it->second);
  early_.erase(it);
  deliver(callback);
}

void LiveContext::deliver(const Callback& callback) {
  const auto it = listeners_.find(callback.task_id);
  if (it == listeners_.end()) {
    early_.emplace(callback.task_id, callback);
    return;
  }
  auto heard = std::move(it->second);
  listeners_.erase(it);
  heard(callback);
}

void LiveContext::task_started() {
  measured.peak_tasks_in_flight = std::max(measured.peak_tasks_in_flight, ++measured.tasks_in_flight);
}

void LiveContext::task_ended() {
  --measured.tasks_in_flight;
  if (on_task_end) on_task_end();
}

}  // namespace pollbench::bench::live
