#include "sim/server/api_keys.hpp"

#include <fmt/format.h>
#include <random>

namespace pollbench::sim::server {

namespace {

std::string random_hex(std::size_t digits) {
  std::random_device device;
  std::string hex;
  while (hex.size() < digits) hex += fmt::format("{:08x}", device());
  return hex.substr(0, digits);
}

}  // namespace

std::vector<ApiKey> serving_keys(const Scenario& scenario) {
  if (!scenario.api_keys.empty()) return scenario.api_keys;
  return {{"pk-dev-" + random_hex(16), "whsec-" + random_hex(32)}};
}

const ApiKey* authorised(std::optional<std::string_view> authorization, std::span<const ApiKey> keys) {
  constexpr std::string_view bearer = "Bearer ";
  if (!authorization || !authorization->starts_with(bearer)) return nullptr;
  const auto presented = authorization->substr(bearer.size());
  for (const auto& k : keys)
    if (presented == k.key) return &k;
  return nullptr;
}

}  // namespace pollbench::sim::server
