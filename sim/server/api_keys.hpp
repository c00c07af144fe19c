#pragma once
// The bearer keys the server accepts, each with its webhook secret.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "sim/scenario.hpp"

namespace pollbench::sim::server {

// The scenario's keys; with none, one development key and secret made up at random.
std::vector<ApiKey> serving_keys(const Scenario& scenario);

// The key an Authorization header value presents as "Bearer KEY"; nullptr when it
// presents none of `keys`.
const ApiKey* authorised(std::optional<std::string_view> authorization, std::span<const ApiKey> keys);

}  // namespace pollbench::sim::server
