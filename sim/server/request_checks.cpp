#include "sim/server/request_checks.hpp"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/server/routes.hpp"

namespace pollbench::sim::server {

namespace {

using nlohmann::json;

constexpr std::size_t max_batch = 100;
constexpr std::size_t max_series = 40;

json object_body(std::string_view body) {
  auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) throw Refused(400, "body is not a JSON object");
  return parsed;
}

}  // namespace

std::optional<CallbackTarget> CallbackPolicy::target(const std::string& url) const {
  std::smatch m;
  if (!std::regex_match(url, m, pattern_)) return std::nullopt;
  const auto host = m[2].str();
  const bool allowed = host == "127.0.0.1" || host == "localhost" || host == "[::1]" ||
                       std::find(allowed_hosts_.begin(), allowed_hosts_.end(), host) != allowed_hosts_.end();
  if (!allowed) return std::nullopt;
  const auto bare = host.starts_with('[') ? host.substr(1, host.size() - 2) : host;
  const int port = m[3].matched ? std::stoi(m[3].str().substr(1)) : 80;
  return CallbackTarget{bare, port, m[4].matched ? m[4].str() : "/"};
}

CreateBody check_create_body(std::string_view text, const CallbackPolicy& callbacks) {
  const auto body = object_body(text);
  const auto type = body.value("request_type", json());
  if (!type.is_string() || (type != "async" && type != "callback"))
    throw Refused(422, fmt::format("request_type: expected \"async\" or \"callback\", got {}", type.dump()));
  const auto input = body.value("input", json());
  if (!input.is_object()) throw Refused(422, fmt::format("input: expected an object, got {}", input.dump()));
  CreateBody out{input.dump(), {}, {}};
  if (type == "callback") {
    const auto url = body.value("callback_url", json());
    if (!url.is_string()) throw Refused(422, fmt::format("callback_url: expected a URL, got {}", url.dump()));
    out.callback = callbacks.target(url);
    if (!out.callback) throw Refused(422, fmt::format("callback_url: not an allowed http:// URL: {}", url.dump()));
    out.callback_url = url;
  }
  return out;
}

std::optional<std::uint64_t> check_task_index(std::optional<std::string_view> header) {
  if (!header) return std::nullopt;
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(header->data(), header->data() + header->size(), n);
  if (ec != std::errc{} || end != header->data() + header->size())
    throw Refused(422, fmt::format("X-Pollbench-Task-Index: expected a task number, got \"{}\"", *header));
  return n;
}

std::string check_series(std::optional<std::string_view> header) {
  const auto series = header.value_or("");
  const bool ok = series.size() <= max_series &&
                  std::all_of(series.begin(), series.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
  if (!ok)
    throw Refused(422, fmt::format("X-Pollbench-Series: expected up to {} letters, digits or _, got \"{}\"", max_series, series));
  return std::string(series);
}

std::string check_task_id(std::string_view query) {
  auto id = query_param(query, "taskId").value_or("");
  if (id.empty()) throw Refused(422, "taskId: required query parameter");
  return id;
}

std::vector<std::string> check_batch_body(std::string_view text) {
  const auto body = object_body(text);
  const auto ids = body.value("taskIds", json());
  if (!ids.is_array() || ids.empty() || ids.size() > max_batch)
    throw Refused(422, fmt::format("taskIds: expected 1 to {} task ids, got {}", max_batch, ids.dump()));
  std::vector<std::string> names;
  for (const auto& id : ids) {
    if (!id.is_string()) throw Refused(422, fmt::format("taskIds: not a task id: {}", id.dump()));
    names.push_back(id);
  }
  return names;
}

}  // namespace pollbench::sim::server
