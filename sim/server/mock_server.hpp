#pragma once
// `pollbench serve`: the document's API over real HTTP, a thin adapter over the same
// status service the simulator asks, with the scenario's latencies and faults played out
// in scaled wall time (docs/api.md, docs/server-design.md).

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace pollbench::sim::server {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 0;                 // 0: any free port
  double time_scale = 1;        // scenario seconds per wall second
  std::vector<std::string> callback_hosts;  // allowed beyond loopback
  std::size_t max_connections = 4096;       // threads, one per open connection
  std::size_t max_body_bytes = 64 * 1024;   // larger request bodies get 413
};

class MockServer {
 public:
  // Throws InputError for a bad option. With no api_keys in the scenario, a development
  // key and secret are made up.
  MockServer(Scenario scenario, ServeOptions options);
  ~MockServer();
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  // Binds and starts serving on a thread of its own; returns the port.
  int start();
  // Stops accepting, ends stalls and deliveries, joins every thread. Idempotent.
  void stop();

  const std::vector<ApiKey>& api_keys() const;
  nlohmann::ordered_json stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pollbench::sim::server
