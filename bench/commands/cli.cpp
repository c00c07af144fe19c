#include "bench/commands/cli.hpp"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <vector>

#include "bench/commands/command.hpp"
#include "bench/version.hpp"
#include "sim/input_error.hpp"

namespace pollbench::bench {

namespace {

int parse_and_run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"pollbench: measures the ways clients wait for asynchronous jobs", "pollbench"};
  app.set_version_flag("--version", version);
  app.require_subcommand(1);
  const std::vector<Command> commands = {add_run_command(app),     add_merge_command(app),  add_check_command(app),
                                         add_tune_command(app),    add_report_command(app), add_serve_command(app),
                                         add_scenario_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();  // the parsed subcommand's help, if any
    return 0;
  } catch (const CLI::CallForVersion&) {
    out << version << '\n';
    return 0;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      out << app.help();
      return 0;
    }
    err << "error: " << e.what() << '\n';
    return 2;
  }

  try {
    for (const auto& command : commands)
      if (command.flags->parsed()) return command.run(out);
  } catch (const InputError& e) {
    err << "error: " << e.what() << '\n';
    return 2;
  }
  return 0;
}

// What a command printed must have reached stdout: a full disk is an error too.
int checked_output(int code, std::ostream& out, std::ostream& err) {
  // Straight to the buffer: flush() does nothing on a stream that has failed already, and
  // a sync is where the buffer leaves its reason in errno (checked_output.hpp).
  errno = 0;
  const bool synced = out.rdbuf() != nullptr && out.rdbuf()->pubsync() == 0;
  if (out && synced) return code;
  const std::string reason = errno != 0 ? std::strerror(errno) : "the write failed";
  err << "error: cannot write standard output: " << reason << '\n';
  return 2;
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  return checked_output(parse_and_run(argc, argv, out, err), out, err);
}

}  // namespace pollbench::bench
