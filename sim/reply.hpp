#pragma once
// What one status request comes back as, seen from the client: a state or a fault.
// The status service produces it and strategies consume it, so both share this header.

#include <cstdint>

namespace pollbench::sim {

enum class Reply : std::uint8_t {
  waiting,
  generating,
  success,
  failed,
  http_500,
  http_503,
  http_429,
  connection_reset,
  timeout,          // the response stalled past the client's request timeout
  malformed_body,
};

}  // namespace pollbench::sim
