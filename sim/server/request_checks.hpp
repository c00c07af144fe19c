#pragma once
// What a request must hold before the handler acts on it: a JSON object body with the
// fields of its endpoint, well-formed replay headers, an allowed callback URL. Each check
// throws Refused with the 4xx status and a message naming the field and the value.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pollbench::sim::server {

class Refused : public std::runtime_error {
 public:
  Refused(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

// A callback URL, split as an HTTP client connects to it.
struct CallbackTarget {
  std::string host;  // an IPv6 address in brackets as written, without once allowed
  int port = 80;
  std::string path;
};

// http://HOST[:PORT][/PATH], HOST a name or a bracketed IPv6 address, PORT 1 to 65535,
// PATH without spaces or control characters; read by hand, in one pass.
std::optional<CallbackTarget> parse_callback_url(std::string_view url);

// What a body and a callback URL may be, and where callbacks may go: loopback, or a host
// the operator allowed.
struct BodyRules {
  std::size_t max_json_depth = 64;
  std::size_t max_callback_url_bytes = 2048;
  std::vector<std::string> callback_hosts;
};

// The deepest nesting of arrays and objects in a JSON text, found without parsing it.
std::size_t json_depth(std::string_view text);

struct CreateBody {
  std::string input;         // the input object, as JSON text
  std::string callback_url;  // empty for an async task
  std::optional<CallbackTarget> callback;
};
CreateBody check_create_body(std::string_view body, const BodyRules& rules);

// X-Pollbench-Task-Index and X-Pollbench-Series, when present.
std::optional<std::uint64_t> check_task_index(std::optional<std::string_view> header);
std::string check_series(std::optional<std::string_view> header);

std::string check_task_id(std::string_view query);
// How long a status request asks to be held, in wall seconds: `Prefer: wait=N` or the
// `wait` query parameter (which wins), above 0 and at most 3,600,000; nullopt without one.
std::optional<double> check_wait(std::optional<std::string_view> prefer, std::string_view query);
// The last event a reconnecting stream's client saw: `Last-Event-ID` or the
// `lastEventId` query parameter, 0 to 1,000; nullopt for a first connection.
std::optional<std::uint32_t> check_last_event_id(std::optional<std::string_view> header, std::string_view query);
std::vector<std::string> check_batch_body(std::string_view body, const BodyRules& rules);

}  // namespace pollbench::sim::server
