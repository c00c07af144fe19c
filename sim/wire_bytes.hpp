#pragma once
// What the status API's messages weigh on the wire, headers included, as the mock server
// and the live driver send them (docs/metrics.md): the simulator charges each request and
// each event these, so the bytes a strategy costs are comparable across strategies.
// Measured on `pollbench serve` with curl -v for a sora-2 and a flux-2 task of the default
// scenario (docs/metrics.md): a pending record is 229 bytes, a success 276, a head 74.

#include <cstdint>

#include "sim/reply.hpp"

namespace pollbench::sim::wire_bytes {

// A status request: the request line, Host, Authorization and the client's headers.
inline constexpr std::uint32_t status_request = 190;
// A status answer: its head and a record; an error answer is shorter, a reset or a stall has none.
inline constexpr std::uint32_t status_answer = 320;
inline constexpr std::uint32_t error_answer = 130;
// One server-sent event: its id, event name and record (22 events of a flux-2 task, 5,318 bytes).
inline constexpr std::uint32_t stream_event = 240;

constexpr std::uint32_t answer_to(Reply reply) {
  if (reply == Reply::connection_reset || reply == Reply::timeout) return 0;
  if (is_error(reply)) return error_answer;
  return status_answer;
}

}  // namespace pollbench::sim::wire_bytes
