#pragma once
// What `pollbench serve` is told: where to listen, the time scale, and every deadline
// and limit that keeps a hostile or broken client from costing more than its own
// connection (docs/api.md lists them with their answers).

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

namespace pollbench::sim::server {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 0;                                                             // 0: any free port
  double time_scale = 1;                                                    // scenario seconds per wall second
  std::vector<std::string> callback_hosts;                                  // allowed beyond loopback
  std::size_t threads = std::max(1u, std::thread::hardware_concurrency());  // event loops, one thread each

  // Deadlines per connection: a slow client loses its own connection and nothing else.
  std::chrono::milliseconds head_timeout{10'000};  // a request's head, from its first byte (or the accept)
  std::chrono::milliseconds body_timeout{10'000};  // a request's body; and writing an answer
  std::chrono::milliseconds idle_timeout{60'000};  // a keep-alive connection between requests

  // Hard limits, each refused with a JSON 4xx or 507, or by pausing accepts.
  std::size_t max_connections = 4096;                      // open at once; accepting waits for one to close
  std::size_t max_body_bytes = 64 * 1024;                  // 413, chunked bodies included
  std::size_t max_head_bytes = 16 * 1024;                  // 431: request line and headers
  std::size_t max_url_bytes = 8 * 1024;                    // 414
  std::size_t max_json_depth = 64;                         // 400
  std::size_t max_callback_url_bytes = 2048;               // 422
  std::size_t max_tasks_per_key = 1'000'000;               // 429
  std::size_t max_clients_per_key = 10'000;                // 429 for a new X-Pollbench-Client beyond them
  std::size_t max_journal_bytes = std::size_t{256} << 20;  // 507 once the journal holds this much
};

}  // namespace pollbench::sim::server
