#pragma once
// The server a live run talks to: the mock server started in-process, or a target after
// checking that it plays this scenario, since the rows compare the client's view with
// the scenario's truth.

#include <memory>
#include <string>

#include "bench/live/live_context.hpp"
#include "bench/live/live_run.hpp"
#include "sim/server/mock_server.hpp"

namespace pollbench::bench::live {

struct Server {
  std::unique_ptr<sim::server::MockServer> in_process;
  Endpoint endpoint;
  std::string described;
  std::string webhook_secret;
  sim::server::TimeScale scale{1};
};

// Throws InputError for a bad option or a target that plays another scenario.
Server open_server(const sim::Scenario& scenario, const LiveOptions& options);

// The client's share of open files, after raising the soft limit to the hard one.
std::size_t connection_budget(bool server_in_process);

}  // namespace pollbench::bench::live
