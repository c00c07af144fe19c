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

constexpr bool is_terminal(Reply r) { return r == Reply::success || r == Reply::failed; }
constexpr bool is_pending(Reply r) { return r == Reply::waiting || r == Reply::generating; }
constexpr bool is_error(Reply r) { return !is_terminal(r) && !is_pending(r); }

}  // namespace pollbench::sim
