#include "sim/api_reply.hpp"

#include <cmath>

namespace pollbench::sim {

namespace {

using nlohmann::json;

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
  const auto progress = data.value("progress", json());
  if (progress.is_number() && progress.get<double>() >= 0 && progress.get<double>() <= 1)
    r.progress = progress.get<double>();
  const auto place = data.value("queuePosition", json());
  if (place.is_number_unsigned() && place.get<std::uint64_t>() <= 1'000'000'000)
    r.queue_position = static_cast<std::uint32_t>(place.get<std::uint64_t>());
  return r;
}

}  // namespace

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
