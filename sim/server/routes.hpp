#pragma once
// The API's endpoints (docs/api.md): which one a method and target name, with the parts
// of the target a handler reads, percent-decoded.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pollbench::sim::server {

enum class Endpoint { create, status, batch, stream, stats, metrics, none };
constexpr std::size_t endpoint_count = 7;

// The route's pattern, as GET /metrics labels requests: a bounded set whatever the
// URLs (a create names its model's route, not the model); "unmatched" for none.
std::string_view route_pattern(Endpoint endpoint);

struct Route {
  Endpoint endpoint = Endpoint::none;
  std::string path;   // decoded, as error messages name it
  std::string model;  // the {model} of POST /generateTask/{model}
  std::string query;  // after '?', still encoded
};

Route route_of(std::string_view method, std::string_view target);

// The first value of a query parameter, decoded ('+' reads as a space); nullopt when absent.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

// %XX sequences decoded; a '%' not followed by two hex digits stays as it is.
std::string percent_decode(std::string_view text, bool plus_is_space);

}  // namespace pollbench::sim::server
