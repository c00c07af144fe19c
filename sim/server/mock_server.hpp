#pragma once
// `pollbench serve`: the document's API over real HTTP, a thin adapter over the same
// status service the simulator asks, with the scenario's latencies and faults played out
// in scaled wall time (docs/api.md, docs/server-design.md).

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/server/serve_options.hpp"

namespace pollbench::sim::server {

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
