#include "sim/api_reply.hpp"

#include <cmath>

namespace pollbench::sim {

namespace {

using ordered_json = nlohmann::ordered_json;
using nlohmann::json;

ordered_json envelope(ordered_json data) { return {{"code", 200}, {"msg", "success"}, {"data", std::move(data)}}; }

std::string result_json(const std::vector<std::string>& urls) {
  return json_text(ordered_json{{"resultUrls", ordered_json(urls)}});
}

// A field that should be a string: its JSON text when it is not, empty when absent.
std::string text_of(const json& record, const char* key) {
  const auto it = record.find(key);
  if (it == record.end()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::vector<std::string> result_urls(const json& record) {
  const auto it = record.find("resultJson");
  if (it == record.end() || !it->is_string()) return {};
  const auto inner = json::parse(it->get<std::string>(), nullptr, false);
  const auto urls = inner.is_object() ? inner.value("resultUrls", json()) : json();
  std::vector<std::string> out;
  if (urls.is_array())
    for (const auto& url : urls)
      if (url.is_string()) out.push_back(url);
  return out;
}

std::optional<StatusRecord> read_record(const json& data) {
  if (!data.is_object() || !data.contains("taskId") || !data["taskId"].is_string()) return std::nullopt;
  StatusRecord r;
  r.task_id = data["taskId"];
  const auto model = data.value("model", json());
  if (model.is_string()) r.model = model;
  const auto state = data.value("state", json());
  r.state = state.is_string() ? reply_of_state(state.get<std::string>()).value_or(Reply::waiting) : Reply::waiting;
  const auto param = data.value("param", json());
  if (param.is_string()) r.param = param;
  r.result_urls = result_urls(data);
  r.fail_code = text_of(data, "failCode");
  r.fail_message = text_of(data, "failMsg");
  const auto hint = data.value("pollAfterMs", json());
  if (hint.is_number() && hint.get<double>() > 0 && std::isfinite(hint.get<double>()))
    r.poll_after_ms = hint.get<double>();
  return r;
}

}  // namespace

std::string json_text(const ordered_json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

ordered_json record_json(const StatusRecord& r) {
  ordered_json data = {{"taskId", r.task_id},      {"model", r.model}, {"state", state_name(r.state)},
                       {"param", r.param},         {"resultJson", ""}, {"failCode", r.fail_code},
                       {"failMsg", r.fail_message}};
  if (!r.result_urls.empty()) data["resultJson"] = result_json(r.result_urls);
  if (r.poll_after_ms) data["pollAfterMs"] = *r.poll_after_ms;
  return data;
}

std::string status_body(const StatusRecord& record) { return json_text(envelope(record_json(record))); }

std::string batch_body(std::span<const StatusRecord> records) {
  auto data = ordered_json::array();
  for (const auto& r : records) data.push_back(record_json(r));
  return json_text(envelope(std::move(data)));
}

std::string created_body(std::string_view task_id) { return json_text(envelope({{"taskId", task_id}})); }

std::string error_body(int code, std::string_view message) { return json_text({{"code", code}, {"msg", message}}); }

std::optional<std::vector<StatusRecord>> read_status_records(std::string_view body) {
  const auto parsed = json::parse(body, nullptr, false);
  const auto data = parsed.is_object() ? parsed.value("data", json()) : json();
  std::vector<StatusRecord> records;
  for (const auto& d : data.is_array() ? data : json::array({data})) {
    auto r = read_record(d);
    if (!r) return std::nullopt;
    records.push_back(std::move(*r));
  }
  if (records.empty()) return std::nullopt;
  return records;
}

std::optional<std::string> read_created_task_id(std::string_view body) {
  const auto parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("data") || !parsed["data"].is_object()) return std::nullopt;
  const auto id = parsed["data"].value("taskId", json());
  if (!id.is_string()) return std::nullopt;
  return id.get<std::string>();
}

}  // namespace pollbench::sim
