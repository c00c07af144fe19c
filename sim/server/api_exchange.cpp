#include "sim/server/api_exchange.hpp"

#include <algorithm>
#include <cctype>

namespace pollbench::sim::server {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

}  // namespace

std::optional<std::string_view> ApiRequest::header(std::string_view name) const {
  for (const auto& h : headers)
    if (same_name(h.name, name)) return h.value;
  return std::nullopt;
}

}  // namespace pollbench::sim::server
