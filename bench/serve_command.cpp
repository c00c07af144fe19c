#include "bench/serve_command.hpp"

#include <csignal>
#include <fmt/format.h>
#include <fstream>
#include <pthread.h>

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
  // Blocked before any thread starts, so every thread inherits the mask and the signals
  // wait for sigwait below instead of killing the process mid-request. They stay blocked
  // until the report is written: a second Ctrl-C during shutdown must not lose it.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  struct BlockedSignals {
    sigset_t previous;
    explicit BlockedSignals(const sigset_t& signals) { pthread_sigmask(SIG_BLOCK, &signals, &previous); }
    ~BlockedSignals() { pthread_sigmask(SIG_SETMASK, &previous, nullptr); }
  } blocked(stop_signals);
  // A shell starting us in the background sets SIGINT to "ignore", and an ignored signal
  // never reaches sigwait: take the default back (harmless while blocked).
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);

  sim::server::MockServer server(scenario, flags.options);
  const int port = server.start();
  out << fmt::format("pollbench serve: http://{}:{} scenario \"{}\", seed {}, time scale {}\n", flags.options.host, port,
                     scenario.name, scenario.seed, flags.options.time_scale);
  for (const auto& key : server.api_keys())
    out << fmt::format("api key: {}  webhook secret: {}\n", key.key, key.webhook_secret);
  out << "Ctrl-C or SIGTERM stops it.\n" << std::flush;

  int received = 0;
  sigwait(&stop_signals, &received);
  server.stop();
  if (report.is_open()) report << server.stats().dump(2) << '\n' << std::flush;
  out << fmt::format("pollbench serve: stopped on {}\n", received == SIGINT ? "SIGINT" : "SIGTERM") << std::flush;
}

}  // namespace pollbench::bench
