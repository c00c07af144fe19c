#include <catch2/catch.hpp>
#include <sstream>

#include "reports/metric_schema.hpp"
#include "tests/support/cli_refusal.hpp"
#include "tests/support/run_cli.hpp"

using namespace pollbench;
using testing::cli;
using testing::refused;

namespace {

// The line of `command --help` that documents `flag`.
std::string help_line(const std::string& command, const std::string& flag) {
  std::istringstream help(cli({command, "--help"}).out);
  for (std::string line; std::getline(help, line);)
    if (line.starts_with("  " + flag + " ") || line.starts_with("  " + flag + ",")) return line;
  return "(" + command + " has no " + flag + ")";
}

}  // namespace

TEST_CASE("every command's help starts with its description and a usage line naming it once") {
  for (const std::string command : {"run", "merge", "check", "tune", "report", "serve", "scenario"}) {
    INFO(command);
    const auto r = cli({command, "--help"});
    CHECK(r.code == 0);
    const auto usage = r.out.substr(r.out.find('\n') + 1);
    CHECK(usage.starts_with("Usage: pollbench " + command + " [OPTIONS]"));
  }
}

TEST_CASE("an unknown command or flag is named with the one it was probably meant to be") {
  refused({"runn"}, "runn: not a command of pollbench; did you mean run? (pollbench --help lists them)");
  refused({"frobnicate", "--tasks", "5"}, "frobnicate: not a command of pollbench (pollbench --help lists them)");
  refused({"run", "--modle", "sora-2"},
          "--modle: not a flag of pollbench run; did you mean --models? (pollbench run --help lists them)");
  refused({"run", "--strategy=adaptive"},
          "--strategy: not a flag of pollbench run; did you mean --strategies? (pollbench run --help lists them)");
  // The value after a mistyped flag is left over too; the flag is the culprit.
  refused({"run", "--format", "json", "--frmat", "json"},
          "--frmat: not a flag of pollbench run; did you mean --format? (pollbench run --help lists them)");
  // A required flag is missing only because it was mistyped.
  refused({"check", "--baselin", "b.json"},
          "--baselin: not a flag of pollbench check; did you mean --baseline? (pollbench check --help lists them)");
  refused({"--tasks", "5", "run"}, "--tasks: goes after the command: pollbench run --tasks");
  refused({"run", "sora-2"}, "sora-2: not an argument of pollbench run (pollbench run --help lists its flags)");
}

TEST_CASE("the commands spell and explain their shared flags alike - and take --model for --models") {
  const std::vector<std::string> rest = {"--tasks", "50", "--strategies", "adaptive", "--format", "json"};
  auto run_with = [&](std::vector<std::string> args) {
    args.insert(args.end(), rest.begin(), rest.end());
    return cli(args);
  };
  const auto one = run_with({"run", "--model", "suno"});
  CHECK(one.code == 0);
  CHECK(one.out == run_with({"run", "--models", "suno"}).out);
  for (const std::string command : {"run", "tune"})
    CHECK(help_line(command, "--models").starts_with("  --models,--model TEXT"));
  for (const std::string command : {"tune", "check", "serve"}) {
    INFO(command);
    CHECK(help_line(command, "--scenario") == help_line("run", "--scenario"));
  }
  CHECK(help_line("run", "--scenario").find("burst, default") != std::string::npos);
}

TEST_CASE("an error blames the argument at fault") {
  refused({"scenario", "nosuch"}, "name: nosuch not in {burst,default}");
  // 192.0.2.1 (TEST-NET-1) is no address of this machine: the host is at fault, not the port.
  const auto serve = cli({"serve", "--host", "192.0.2.1"});
  CHECK(serve.code == 2);
  CHECK(serve.err.starts_with("error: --host: cannot listen on 192.0.2.1:0: "));
}

TEST_CASE("run --help describes every metric of the schema - and the plain table has a legend of its columns") {
  const auto help = cli({"run", "--help"}).out;
  for (const auto& m : reports::metric_schema()) {
    INFO(m.name);
    CHECK(help.find(std::string(m.name.substr(m.name.rfind('.') + 1))) != std::string::npos);
    if (!m.header.empty()) CHECK(help.find(std::string(m.header)) != std::string::npos);
  }
  CHECK(help.find("http_429 [429s]: ") != std::string::npos);
  CHECK(help.find("efficiency [efficiency]: ") != std::string::npos);

  const std::vector<std::string> args = {"run",          "--tasks",         "50", "--models", "suno",
                                         "--strategies", "adaptive,webhook"};
  const auto table = cli(args).out;
  const auto legend = table.substr(table.rfind("\n\n") + 2);
  CHECK(legend.starts_with("req         status requests per task\n"));
  CHECK(legend.find("\nfalse t/o   gave up on a task that does finish\n") != std::string::npos);
  CHECK(legend.find("\nefficiency  optimal requests") != std::string::npos);
  CHECK(legend.ends_with("\nRates are of the pair's tasks; pollbench run --help describes every metric.\n"));
  // A column the table leaves out (no row has a 429 here) is left out of the legend too.
  CHECK(table.find("429") == std::string::npos);
  auto markdown = args;
  markdown.insert(markdown.end(), {"--format", "markdown"});
  CHECK(cli(markdown).out.find("Rates are of the pair's tasks") == std::string::npos);
}
