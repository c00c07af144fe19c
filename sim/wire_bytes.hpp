#pragma once
// What the status API's messages weigh on the wire, headers included, as the mock server
// and the live driver send them (docs/metrics.md): the simulator charges each request and
// each event these, so the bytes a strategy costs are comparable across strategies.
// Measured on `pollbench serve` with curl -v for a task of the default scenario.

#include <cstdint>

#include "sim/reply.hpp"

namespace pollbench::sim::wire_bytes {

// A status request: the request line, Host, Authorization and the client's headers.
inline constexpr std::uint32_t status_request = 190;
// A status answer: headers and a record; an error answer is shorter, a reset or a stall has none.
inline constexpr std::uint32_t status_answer = 420;
inline constexpr std::uint32_t error_answer = 190;
// Progress and a queue position in a record.
inline constexpr std::uint32_t progress_fields = 30;
// One server-sent event: its id, event name and record.
inline constexpr std::uint32_t stream_event = 330;

constexpr std::uint32_t answer_to(Reply reply) {
  if (reply == Reply::connection_reset || reply == Reply::timeout) return 0;
  if (is_error(reply)) return error_answer;
  return status_answer;
}

}  // namespace pollbench::sim::wire_bytes
