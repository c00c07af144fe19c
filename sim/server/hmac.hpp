#pragma once
// Webhook signatures: HMAC-SHA256 of "<timestamp>.<body>" with the key's secret, in hex.

#include <string>
#include <string_view>

namespace pollbench::sim::server {

std::string hmac_sha256_hex(std::string_view secret, std::string_view message);

// What the X-Pollbench-Signature header carries for a delivery.
std::string webhook_signature(std::string_view secret, std::string_view timestamp, std::string_view body);

}  // namespace pollbench::sim::server
