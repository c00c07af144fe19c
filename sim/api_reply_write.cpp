#include "sim/api_reply.hpp"

#include <fmt/format.h>

#include "sim/json_string.hpp"

namespace pollbench::sim {

namespace {

// Written field by field rather than through a JSON value: every status answer and
// webhook goes through here, and the bytes are the same as nlohmann's dump gives.
std::string envelope(std::string_view data) {
  std::string out = R"({"code":200,"msg":"success","data":)";
  out += data;
  out += '}';
  return out;
}

std::string result_json(const std::vector<std::string>& urls) {
  std::string out = R"({"resultUrls":[)";
  for (std::size_t i = 0; i < urls.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, urls[i]);
  }
  return out + "]}";
}

void append_field(std::string& out, std::string_view name, std::string_view text) {
  out += name;
  append_json_string(out, text);
}

void append_record(std::string& out, const StatusRecord& r) {
  append_field(out, R"({"taskId":)", r.task_id);
  append_field(out, R"(,"model":)", r.model);
  append_field(out, R"(,"state":)", state_name(r.state));
  append_field(out, R"(,"param":)", r.param);
  append_field(out, R"(,"resultJson":)", r.result_urls.empty() ? std::string() : result_json(r.result_urls));
  append_field(out, R"(,"failCode":)", r.fail_code);
  append_field(out, R"(,"failMsg":)", r.fail_message);
  if (r.poll_after_ms) out += R"(,"pollAfterMs":)" + nlohmann::json(*r.poll_after_ms).dump();
  if (r.progress) out += R"(,"progress":)" + nlohmann::json(*r.progress).dump();
  if (r.queue_position) out += R"(,"queuePosition":)" + std::to_string(*r.queue_position);
  out += '}';
}

}  // namespace

std::string json_text(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string status_body(const StatusRecord& record) {
  std::string data;
  append_record(data, record);
  return envelope(data);
}

std::string batch_body(std::span<const StatusRecord> records) {
  std::string data = "[";
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (i > 0) data += ',';
    append_record(data, records[i]);
  }
  return envelope(data + "]");
}

std::string created_body(std::string_view task_id) {
  std::string data;
  append_field(data, R"({"taskId":)", task_id);
  return envelope(data + "}");
}

std::string error_body(int code, std::string_view message) {
  std::string out = fmt::format(R"({{"code":{},"msg":)", code);
  append_json_string(out, message);
  return out + "}";
}

}  // namespace pollbench::sim
