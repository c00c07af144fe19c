#pragma once
// What one status request comes back as, seen from the client: a state or a fault.
// The status service produces it and strategies consume it, so both share this header.

#include <cstdint>
#include <optional>
#include <string_view>

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
  timeout,  // the response stalled past the client's request timeout
  malformed_body,
};

// A task's state as the API writes it: every Reply that is not a state reads as failed.
constexpr const char* state_name(Reply r) {
  switch (r) {
    case Reply::waiting:
      return "waiting";
    case Reply::generating:
      return "generating";
    case Reply::success:
      return "success";
    default:
      return "failed";
  }
}

// The Reply a state name stands for; nullopt for a name the API does not use.
constexpr std::optional<Reply> reply_of_state(std::string_view name) {
  for (const auto r : {Reply::waiting, Reply::generating, Reply::success, Reply::failed})
    if (name == state_name(r)) return r;
  return std::nullopt;
}

// The guide's resilientPoll retries an Error whose message, `${failCode}: ${failMsg}`,
// contains 'network': the ": " between them
// cannot be part of a match, so each part is searched alone.
constexpr bool mentions_network(std::string_view fail_code, std::string_view fail_msg) {
  return fail_code.find("network") != std::string_view::npos || fail_msg.find("network") != std::string_view::npos;
}

constexpr bool is_terminal(Reply r) { return r == Reply::success || r == Reply::failed; }
constexpr bool is_pending(Reply r) { return r == Reply::waiting || r == Reply::generating; }
constexpr bool is_error(Reply r) { return !is_terminal(r) && !is_pending(r); }

}  // namespace pollbench::sim
