#include "bench/commands/live_preflight.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <chrono>

#include "sim/input_error.hpp"

namespace pollbench::bench {

void preflight_api_key(const std::string& target, const std::string& api_key) {
  // The live run checks the URL's form (http://host:port[/]) and says what is wrong with it.
  if (!target.starts_with("http://")) return;
  httplib::Client client(target.ends_with('/') ? target.substr(0, target.size() - 1) : target);
  if (!client.is_valid()) return;
  client.set_connection_timeout(std::chrono::seconds{5});
  client.set_read_timeout(std::chrono::seconds{30});
  // A task no run creates: a server that takes the key answers 404 and counts nothing.
  const auto answer = client.Get("/recordInfo?taskId=pollbench-preflight", {{"Authorization", "Bearer " + api_key}});
  if (answer && (answer->status == 401 || answer->status == 403))
    throw InputError("--api-key",
                     fmt::format("the server refused the API key (HTTP {} from {})", answer->status, target));
}

}  // namespace pollbench::bench
