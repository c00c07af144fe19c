#include "bench/commands/cli.hpp"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <vector>

#include "bench/commands/command.hpp"
#include "bench/commands/unknown_argument.hpp"
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
    if (auto unknown = unknown_argument(app, {argv + 1, argv + argc})) throw *unknown;
    err << "error: " << e.what() << '\n';
    return 2;
  }

  for (const auto& command : commands)
    if (command.flags->parsed()) return command.run(out, err);
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

// The one line a bug of ours leaves, whatever it threw.
void say_internal_error(std::FILE* err) {
  std::fputs("internal error: ", err);
  try {
    if (const auto thrown = std::current_exception()) std::rethrow_exception(thrown);
    std::fputs("terminate called without an exception", err);
  } catch (const std::exception& e) {
    std::fputs(e.what(), err);
  } catch (...) {
    std::fputs("an exception of unknown type", err);
  }
  std::fputc('\n', err);
}

}  // namespace

int exit_code_of(const std::function<int()>& command, std::ostream& err) {
  try {
    return command();
  } catch (const InputError& e) {
    err << "error: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    err << "internal error: " << e.what() << '\n';
    return 3;
  } catch (...) {
    err << "internal error: an exception of unknown type\n";
    return 3;
  }
}

void end_on_terminate_with_code_3() {
  std::set_terminate([] {
    say_internal_error(stderr);
    std::_Exit(3);
  });
}

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  const int code = exit_code_of([&] { return parse_and_run(argc, argv, out, err); }, err);
  return checked_output(code, out, err);
}

}  // namespace pollbench::bench
