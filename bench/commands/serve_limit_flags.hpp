#pragma once
// The flags of `pollbench serve` for its event loop's threads, each connection's
// deadlines and every hard limit (docs/api.md, "Limits").

#include <CLI/CLI.hpp>

#include "sim/server/serve_options.hpp"

namespace pollbench::bench {

void add_serve_limit_flags(CLI::App& serve, sim::server::ServeOptions& options);

}  // namespace pollbench::bench
