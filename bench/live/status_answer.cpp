#include "bench/live/status_answer.hpp"

#include <algorithm>
#include <charconv>

#include "sim/api_reply.hpp"

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
    case HttpFailure::timeout:
      return Reply::timeout;
    case HttpFailure::malformed:
      return Reply::malformed_body;
    default:
      return Reply::connection_reset;  // axios's "Network Error"
  }
}

// One status record as the strategy sees it: hints in scenario time, the failure's
// mention of 'network' decided once.
TaskState task_state(const sim::StatusRecord& record, const sim::server::TimeScale& scale) {
  TaskState t;
  t.id = record.task_id;
  t.state = record.state;
  if (record.poll_after_ms) t.poll_after = scale.from_wall_ms(*record.poll_after_ms);
  t.progress = {record.progress, record.queue_position};
  if (t.state == Reply::failed)
    t.fail_message_mentions_network = sim::mentions_network(record.fail_code, record.fail_message);
  return t;
}

}  // namespace

const TaskState* StatusAnswer::find(const std::string& id) const {
  const auto found = std::ranges::find(tasks, id, &TaskState::id);
  return found == tasks.end() ? nullptr : &*found;
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
    const auto ms =
        header_ms(response, "Retry-After-Ms", 1).value_or(header_ms(response, "Retry-After", 1000).value_or(0));
    a.retry_after = scale.from_wall_ms(ms);
    return a;
  }
  if (response.status == 503)
    a.reply = Reply::http_503;
  else if (response.status < 200 || response.status >= 300)
    a.reply = Reply::http_500;
  if (is_error(a.reply)) return a;
  const auto records = sim::read_status_records(response.body);
  if (!records || records->empty()) {
    a.reply = Reply::malformed_body;
    return a;
  }
  for (const auto& record : *records) a.tasks.push_back(task_state(record, scale));
  a.reply = a.tasks.front().state;
  return a;
}

std::string read_created_task(const HttpExchange& exchange) {
  const auto* response = std::get_if<HttpResponse>(&exchange.result);
  if (!response || response->status != 200) return {};
  return sim::read_created_task_id(response->body).value_or(std::string{});
}

std::optional<TaskState> read_stream_event(const std::string& data, const sim::server::TimeScale& scale) {
  const auto records = sim::read_status_records(data);
  if (!records) return std::nullopt;
  return task_state(records->front(), scale);
}

}  // namespace pollbench::bench::live
