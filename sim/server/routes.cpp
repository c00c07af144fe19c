#include "sim/server/routes.hpp"

#include <array>

namespace pollbench::sim::server {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr std::string_view create_prefix = "/generateTask/";

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const int high = c == '%' && i + 2 < text.size() ? hex_digit(text[i + 1]) : -1;
    const int low = high >= 0 ? hex_digit(text[i + 2]) : -1;
    if (low >= 0) {
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      out.push_back(plus_is_space && c == '+' ? ' ' : c);
    }
  }
  return out;
}

std::optional<std::string> query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = pair.find('=');
    if (percent_decode(pair.substr(0, eq), true) != name) continue;
    return eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1), true);
  }
  return std::nullopt;
}

std::string_view route_pattern(Endpoint endpoint) {
  // In Endpoint's order; the last, none, is what GET /metrics calls an unmatched request.
  static constexpr std::array<std::string_view, endpoint_count> patterns{
      "/generateTask/{model}", "/recordInfo", "/recordInfo/batch", "/stream", "/admin/stats", "/metrics", "unmatched"};
  return patterns[static_cast<std::size_t>(endpoint)];
}

Route route_of(std::string_view method, std::string_view target) {
  Route r;
  const auto mark = target.find('?');
  r.path = percent_decode(target.substr(0, mark), false);
  if (mark != std::string_view::npos) r.query = target.substr(mark + 1);
  const std::string_view path = r.path;
  if (method == "POST" && path.starts_with(create_prefix) && path.size() > create_prefix.size() &&
      path.find('/', create_prefix.size()) == std::string_view::npos) {
    r.endpoint = Endpoint::create;
    r.model = path.substr(create_prefix.size());
  } else if (method == "GET" && path == "/recordInfo") {
    r.endpoint = Endpoint::status;
  } else if (method == "POST" && path == "/recordInfo/batch") {
    r.endpoint = Endpoint::batch;
  } else if (method == "GET" && path == "/stream") {
    r.endpoint = Endpoint::stream;
  } else if (method == "GET" && path == "/admin/stats") {
    r.endpoint = Endpoint::stats;
  } else if (method == "GET" && path == "/metrics") {
    r.endpoint = Endpoint::metrics;
  }
  return r;
}

}  // namespace pollbench::sim::server
