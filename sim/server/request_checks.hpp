#pragma once
// What a request must hold before the handler acts on it: a JSON object body with the
// fields of its endpoint, well-formed replay headers, an allowed callback URL. Each check
// throws Refused with the 4xx status and a message naming the field and the value.

#include <cstdint>
#include <optional>
#include <regex>
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

// An allowed callback URL, split as an HTTP client connects to it.
struct CallbackTarget {
  std::string host;  // without brackets for IPv6
  int port = 80;
  std::string path;
};

// Callback URLs go to loopback, or to a host the operator allowed.
class CallbackPolicy {
 public:
  explicit CallbackPolicy(std::vector<std::string> allowed_hosts) : allowed_hosts_(std::move(allowed_hosts)) {}
  std::optional<CallbackTarget> target(const std::string& url) const;

 private:
  std::vector<std::string> allowed_hosts_;
  // Compiled here, before any connection thread: libstdc++ compiles a regex through the
  // locale's ctype cache, which two threads compiling at once write together.
  const std::regex pattern_{R"(^(http://(\[[0-9a-fA-F:]+\]|[^/:\[\]]+)(:[0-9]{1,5})?)(/.*)?$)"};
};

struct CreateBody {
  std::string input;                      // the input object, as JSON text
  std::string callback_url;               // empty for an async task
  std::optional<CallbackTarget> callback;
};
CreateBody check_create_body(std::string_view body, const CallbackPolicy& callbacks);

// X-Pollbench-Task-Index and X-Pollbench-Series, when present.
std::optional<std::uint64_t> check_task_index(std::optional<std::string_view> header);
std::string check_series(std::optional<std::string_view> header);

std::string check_task_id(std::string_view query);
std::vector<std::string> check_batch_body(std::string_view body);

}  // namespace pollbench::sim::server
