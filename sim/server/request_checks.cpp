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
// A model's longest max_wait (an hour) at the slowest time scale (0.001): the server holds
// no request longer than the model's max_wait anyway.
constexpr double max_wait_s = 3'600'000;
constexpr std::uint32_t max_event_id = 1000;  // a task's stream has a few dozen events

// Refuses, before parsing, a body nested deeper than the rules allow: nothing recursive
// ever meets a hostile depth.
json object_body(std::string_view body, const BodyRules& rules) {
  if (json_depth(body) > rules.max_json_depth)
    throw Refused(400, fmt::format("body nests arrays and objects deeper than {} levels", rules.max_json_depth));
  auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) throw Refused(400, "body is not a JSON object");
  return parsed;
}

bool is_hex_or_colon(char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':'; }

// A port of 1 to 5 digits, 1 to 65535.
std::optional<int> port_of(std::string_view text) {
  if (text.empty() || text.size() > 5 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  int port = 0;
  std::from_chars(text.data(), text.data() + text.size(), port);
  if (port < 1) return std::nullopt;
  return port <= 65535 ? std::optional<int>(port) : std::nullopt;
}

// A callback URL the rules let through, its host unbracketed as a client connects to it.
std::optional<CallbackTarget> allowed_callback(const std::string& url, const BodyRules& rules) {
  if (url.size() > rules.max_callback_url_bytes)
    throw Refused(422, fmt::format("callback_url: over {} bytes", rules.max_callback_url_bytes));
  auto target = parse_callback_url(url);
  if (!target) return std::nullopt;
  const auto& host = target->host;
  const auto& extra = rules.callback_hosts;
  const bool allowed = host == "127.0.0.1" || host == "localhost" || host == "[::1]" ||
                       std::find(extra.begin(), extra.end(), host) != extra.end();
  if (!allowed) return std::nullopt;
  if (host.starts_with('[')) target->host = host.substr(1, host.size() - 2);
  return target;
}

}  // namespace

std::optional<CallbackTarget> parse_callback_url(std::string_view url) {
  constexpr std::string_view scheme = "http://";
  if (!url.starts_with(scheme)) return std::nullopt;
  const auto rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  const auto path = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
  if (std::any_of(path.begin(), path.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; })) return std::nullopt;
  std::string_view host = authority, port_text;
  bool has_port = false;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos || close < 2) return std::nullopt;
    host = authority.substr(0, close + 1);
    if (!std::all_of(host.begin() + 1, host.end() - 1, is_hex_or_colon)) return std::nullopt;
    const auto after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return std::nullopt;
    has_port = !after.empty();
    if (has_port) port_text = after.substr(1);
  } else {
    const auto colon = authority.find(':');
    host = authority.substr(0, colon);
    has_port = colon != std::string_view::npos;
    if (has_port) port_text = authority.substr(colon + 1);
    if (host.empty() || host.find_first_of("[]") != std::string_view::npos) return std::nullopt;
  }
  const auto port = has_port ? port_of(port_text) : std::optional<int>(80);
  if (!port) return std::nullopt;
  return CallbackTarget{std::string(host), *port, std::string(path)};
}

std::size_t json_depth(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

CreateBody check_create_body(std::string_view text, const BodyRules& rules) {
  const auto body = object_body(text, rules);
  const auto type = body.value("request_type", json());
  if (!type.is_string() || (type != "async" && type != "callback"))
    throw Refused(422, fmt::format("request_type: expected \"async\" or \"callback\", got {}", type.dump()));
  const auto input = body.value("input", json());
  if (!input.is_object()) throw Refused(422, fmt::format("input: expected an object, got {}", input.dump()));
  CreateBody out{input.dump(), {}, {}};
  if (type == "callback") {
    const auto url = body.value("callback_url", json());
    if (!url.is_string()) throw Refused(422, fmt::format("callback_url: expected a URL, got {}", url.dump()));
    out.callback = allowed_callback(url, rules);
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
  const bool ok = series.size() <= max_series && std::all_of(series.begin(), series.end(), [](unsigned char c) {
                    return std::isalnum(c) || c == '_';
                  });
  if (!ok)
    throw Refused(
        422, fmt::format("X-Pollbench-Series: expected up to {} letters, digits or _, got \"{}\"", max_series, series));
  return std::string(series);
}

std::string check_task_id(std::string_view query) {
  auto id = query_param(query, "taskId").value_or("");
  if (id.empty()) throw Refused(422, "taskId: required query parameter");
  return id;
}

std::optional<double> check_wait(std::optional<std::string_view> prefer, std::string_view query) {
  std::optional<std::string> text = query_param(query, "wait");
  // Prefer: respond-async, wait=10 (RFC 7240): the wait among other preferences.
  for (auto rest = prefer.value_or(""); !text && !rest.empty();) {
    const auto comma = rest.find(',');
    auto token = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    if (token.starts_with("wait=")) text = std::string(token.substr(5));
  }
  if (!text) return std::nullopt;
  double seconds = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), seconds);
  if (ec != std::errc{} || end != text->data() + text->size() || !(seconds > 0) || seconds > max_wait_s)
    throw Refused(400, fmt::format("wait: expected seconds above 0 and at most {}, got \"{}\"", max_wait_s, *text));
  return seconds;
}

std::optional<std::uint32_t> check_last_event_id(std::optional<std::string_view> header, std::string_view query) {
  const auto text = header ? std::optional{std::string(*header)} : query_param(query, "lastEventId");
  if (!text) return std::nullopt;
  std::uint32_t id = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), id);
  if (ec != std::errc{} || end != text->data() + text->size() || id > max_event_id)
    throw Refused(400,
                  fmt::format("Last-Event-ID: expected an event id from 0 to {}, got \"{}\"", max_event_id, *text));
  return id;
}

std::vector<std::string> check_batch_body(std::string_view text, const BodyRules& rules) {
  const auto body = object_body(text, rules);
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
