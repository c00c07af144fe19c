#include "bench/commands/serve_command.hpp"

#include <fmt/format.h>
#include <fstream>

#include "bench/commands/stop_signals.hpp"
#include "sim/input_error.hpp"

namespace pollbench::bench {

void do_serve(const ServeFlags& flags, std::ostream& out) {
  auto scenario = sim::scenario_named(flags.scenario_file.empty() ? "default" : flags.scenario_file);
  if (flags.seed) scenario.seed = *flags.seed;
  std::ofstream report;
  if (!flags.report_file.empty()) {
    report.open(flags.report_file);
    if (!report) throw InputError("--report", fmt::format("cannot write \"{}\"", flags.report_file));
  }
  StopSignals stop;

  sim::server::MockServer server(scenario, flags.options);
  const int port = server.start();
  out << fmt::format("pollbench serve: http://{}:{} scenario \"{}\", seed {}, time scale {}\n", flags.options.host, port,
                     scenario.name, scenario.seed, flags.options.time_scale);
  for (const auto& key : server.api_keys())
    out << fmt::format("api key: {}  webhook secret: {}\n", key.key, key.webhook_secret);
  out << "Ctrl-C or SIGTERM stops it.\n" << std::flush;

  const int received = stop.wait();
  server.stop();
  if (report.is_open()) report << server.stats().dump(2) << '\n' << std::flush;
  out << fmt::format("pollbench serve: stopped on {}\n", stop.name_of(received)) << std::flush;
}

}  // namespace pollbench::bench
