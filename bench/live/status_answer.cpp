#include "bench/live/status_answer.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

namespace pollbench::bench::live {

namespace {

using sim::Reply;

// Wall milliseconds from a header, if it holds a number.
std::optional<double> header_ms(const HttpResponse& r, std::string_view name, double unit_ms) {
  const auto value = r.header(name);
  if (!value) return std::nullopt;
  double n = 0;
  const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
  if (ec != std::errc{} || end != value->data() + value->size() || n < 0) return std::nullopt;
  return n * unit_ms;
}


Reply reply_of_failure(HttpFailure f) {
  switch (f) {
    case HttpFailure::timeout: return Reply::timeout;
    case HttpFailure::malformed: return Reply::malformed_body;
    default: return Reply::connection_reset;  // axios's "Network Error"
  }
}

// One status record as the guide's code reads it: anything not terminal keeps it polling.
std::optional<TaskState> read_record(const nlohmann::json& data, const sim::server::TimeScale& scale) {
  if (!data.is_object() || !data.contains("taskId") || !data["taskId"].is_string()) return std::nullopt;
  TaskState t;
  t.id = data["taskId"];
  const auto state = data.value("state", nlohmann::json());
  t.state = state.is_string() ? reply_of_state(state.get<std::string>()).value_or(Reply::waiting) : Reply::waiting;
  if (const auto hint = data.value("pollAfterMs", nlohmann::json()); hint.is_number() && hint.get<double>() > 0)
    t.poll_after = scale.from_wall_ms(hint.get<double>());
  if (t.state == Reply::failed) {
    const auto text = [&](const char* key) {
      const auto v = data.value(key, nlohmann::json());
      return v.is_string() ? v.get<std::string>() : v.dump();
    };
    t.fail_message_mentions_network = sim::mentions_network(text("failCode"), text("failMsg"));
  }
  return t;
}

}  // namespace

const TaskState* StatusAnswer::find(const std::string& id) const {
  for (const auto& t : tasks)
    if (t.id == id) return &t;
  return nullptr;
}

StatusAnswer read_status_answer(const HttpExchange& exchange, const sim::server::TimeScale& scale) {
  StatusAnswer a;
  if (const auto* failure = std::get_if<HttpFailure>(&exchange.result)) {
    a.reply = reply_of_failure(*failure);
    return a;
  }
  const auto& response = std::get<HttpResponse>(exchange.result);
  if (response.status == 429) {
    a.reply = Reply::http_429;
    // Retry-After-Ms where the server gives it: whole seconds are too coarse once scaled.
    const auto ms = header_ms(response, "retry-after-ms", 1).value_or(header_ms(response, "retry-after", 1000).value_or(0));
    a.retry_after = scale.from_wall_ms(ms);
    return a;
  }
  if (response.status == 503) a.reply = Reply::http_503;
  else if (response.status < 200 || response.status >= 300) a.reply = Reply::http_500;
  if (is_error(a.reply)) return a;
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  const auto data = body.is_object() ? body.value("data", nlohmann::json()) : nlohmann::json();
  for (const auto& record : data.is_array() ? data : nlohmann::json::array({data})) {
    auto t = read_record(record, scale);
    if (!t) {
      a.tasks.clear();
      a.reply = Reply::malformed_body;
      return a;
    }
    a.tasks.push_back(std::move(*t));
  }
  if (a.tasks.empty()) a.reply = Reply::malformed_body;
  else a.reply = a.tasks.front().state;
  return a;
}

std::string read_created_task(const HttpExchange& exchange) {
  const auto* response = std::get_if<HttpResponse>(&exchange.result);
  if (!response || response->status != 200) return {};
  const auto body = nlohmann::json::parse(response->body, nullptr, false);
  if (!body.is_object() || !body.contains("data") || !body["data"].is_object()) return {};
  const auto id = body["data"].value("taskId", nlohmann::json());
  return id.is_string() ? id.get<std::string>() : std::string{};
}

}  // namespace pollbench::bench::live
