#pragma once
// `pollbench serve`: runs the mock server until SIGINT or SIGTERM.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/server/mock_server.hpp"

namespace pollbench::bench {

struct ServeFlags {
  std::string scenario_file;
  std::optional<std::uint64_t> seed;
  std::string report_file;  // the journal as JSON, written on shutdown
  sim::server::ServeOptions options;
};

// Prints the address and keys on `out`, serves until SIGINT or SIGTERM, then stops
// cleanly and writes the report.
void do_serve(const ServeFlags& flags, std::ostream& out);

}  // namespace pollbench::bench
