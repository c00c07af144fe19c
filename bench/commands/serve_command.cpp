// `pollbench serve`: the mock server, until SIGINT or SIGTERM.

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <memory>

#include "bench/commands/atomic_files.hpp"
#include "bench/commands/command.hpp"
#include "bench/commands/flags.hpp"
#include "bench/commands/output.hpp"
#include "bench/commands/serve_limit_flags.hpp"
#include "bench/commands/stop_signals.hpp"
#include "sim/input_error.hpp"
#include "sim/limits.hpp"
#include "sim/server/mock_server.hpp"

namespace pollbench::bench {

namespace {

struct ServeFlags {
  std::string scenario_file;
  std::optional<std::uint64_t> seed;
  std::string report_file;  // the journal as JSON, written on shutdown
  sim::server::ServeOptions options;
};

// Prints the address and keys on `out`, serves until SIGINT or SIGTERM, then stops
// cleanly and writes the report.
void do_serve(const ServeFlags& flags, std::ostream& out) {
  auto scenario = scenario_from(flags.scenario_file);
  if (flags.seed) scenario.seed = *flags.seed;
  // A folder that refuses the report fails before the server starts.
  check_out_file("--report", flags.report_file);
  AtomicFiles report;
  std::ostream* report_text = flags.report_file.empty() ? nullptr : &report.add(flags.report_file);
  StopSignals stop;

  sim::server::MockServer server(scenario, flags.options);
  const int port = server.start();
  out << fmt::format("pollbench serve: http://{}:{} scenario \"{}\", seed {}, time scale {}\n", flags.options.host,
                     port, scenario.name, scenario.seed, flags.options.time_scale);
  for (const auto& key : server.api_keys())
    out << fmt::format("api key: {}  webhook secret: {}\n", key.key, key.webhook_secret);
  out << "Ctrl-C or SIGTERM stops it.\n" << std::flush;

  const int received = stop.wait();
  server.stop();
  if (report_text != nullptr) {
    *report_text << server.stats().dump(2) << '\n';
    report.commit();
  }
  out << fmt::format("pollbench serve: stopped on {}\n", stop.name_of(received)) << std::flush;
}

void add_server_options(CLI::App& serve, sim::server::ServeOptions& options) {
  serve.add_option("--host", options.host, "Address to listen on")->capture_default_str();
  serve.add_option("--port", options.port, "Port to listen on; 0 picks a free one and prints it")
      ->check(whole_number(0, 65535))
      ->capture_default_str();
  serve
      .add_option("--time-scale", options.time_scale,
                  "Scenario seconds per wall second: 100 makes a 3-minute job take 1.8 s")
      ->check(number_in(sim::limits::min_time_scale, sim::limits::max_time_scale))
      ->capture_default_str();
  serve.add_option("--allow-callback-host", options.callback_hosts,
                   "A host webhooks may be sent to besides loopback (repeatable)");
  serve
      .add_option("--max-connections", options.max_connections,
                  "Connections open at once; accepting waits for one to close (docs/server-design.md)")
      ->check(whole_number(1, 1'000'000))
      ->capture_default_str();
}

}  // namespace

Command add_serve_command(CLI::App& app) {
  auto flags = std::make_shared<ServeFlags>();
  auto* serve = app.add_subcommand(
      "serve", "Serve the guide's API over HTTP with the scenario's latencies and faults (docs/api.md)");
  add_scenario_option(*serve, flags->scenario_file);
  add_seed_option(*serve, flags->seed);
  add_server_options(*serve, flags->options);
  add_serve_limit_flags(*serve, flags->options);
  serve->add_option("--report", flags->report_file, "Write the journal (as GET /admin/stats) here on shutdown");
  return {serve, [flags](std::ostream& out, std::ostream&) {
            do_serve(*flags, out);
            return 0;
          }};
}

}  // namespace pollbench::bench
