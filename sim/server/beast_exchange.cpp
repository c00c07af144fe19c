#include "sim/server/beast_exchange.hpp"

#include <boost/beast/http/field.hpp>

namespace pollbench::sim::server {

namespace {

namespace http = boost::beast::http;

std::string_view view(boost::beast::string_view s) { return {s.data(), s.size()}; }

}  // namespace

ApiRequest api_request_of(const BeastRequest& request, WallClock::time_point now) {
  ApiRequest r{view(request.method_string()), view(request.target()), {}, request.body(), now};
  for (const auto& field : request) r.headers.push_back({view(field.name_string()), view(field.value())});
  return r;
}

BeastResponse beast_response_of(ApiResponse&& answer, unsigned version, bool keep_alive) {
  BeastResponse response{static_cast<http::status>(answer.status), version};
  response.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : answer.headers) response.set(name, value);
  response.body() = std::move(answer.body);
  response.keep_alive(keep_alive);
  response.prepare_payload();
  return response;
}

}  // namespace pollbench::sim::server
