#include "bench/cli.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include "bench/simulation_run.hpp"
#include "bench/version.hpp"
#include "reports/reporters.hpp"
#include "sim/input_error.hpp"

namespace pollbench::bench {

namespace {

constexpr const char* metrics_help = R"(Metrics (one row per strategy and model):
  req mean/p95    status requests per task (a webhook task sends none)
  detect mean/p95 detection latency: from the task's real terminal moment to the
                  client knowing it, over tasks whose outcome it reported correctly
  timeout         the client's own limit ran out
  false t/o       gave up on a task that does finish (every task but a hang)
  lost            the client never reported anything (lost webhook, crashed poller)
  wrong           reported failure for a success, or an error for a finished task
  peak rps        most status requests sent in one second over all tasks of the pair
Percentiles are nearest-rank. JSON and CSV add p50, p99, max and error_rate.)";

struct RunFlags {
  std::string scenario_file;
  std::string strategies;
  std::string models;
  std::optional<std::uint64_t> tasks;
  std::optional<std::uint64_t> seed;
  std::string format = "table";
  std::string out_dir;
};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  for (char c : text + ",") {
    if (c != ',') {
      item += c;
    } else if (!item.empty()) {
      items.push_back(item);
      item.clear();
    }
  }
  return items;
}

void write_format(const std::string& format, const reports::RunResult& run, std::ostream& out) {
  if (format == "table") reports::TableReporter{}.write(run, out);
  if (format == "markdown") reports::MarkdownReporter{}.write(run, out);
  if (format == "json") reports::JsonReporter{}.write(run, out);
  if (format == "csv") reports::CsvReporter{}.write(run, out);
}

void write_out_dir(const std::string& dir, const reports::RunResult& run) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw InputError("--out", "cannot create directory " + dir + ": " + ec.message());
  const std::map<std::string, std::string> files = {
      {"json", "results.json"}, {"markdown", "results.md"}, {"csv", "results.csv"}};
  for (const auto& [format, name] : files) {
    const auto path = std::filesystem::path(dir) / name;
    std::ofstream file(path);
    if (!file) throw InputError("--out", "cannot write " + path.string());
    write_format(format, run, file);
  }
}

void do_run(const RunFlags& flags, std::ostream& out) {
  const auto scenario = flags.scenario_file.empty() ? sim::default_scenario() : sim::load_scenario_file(flags.scenario_file);
  Selection selection{split_list(flags.strategies), split_list(flags.models), flags.tasks, flags.seed};
  const auto run = run_simulation(select(scenario, selection));
  write_format(flags.format, run, out);
  if (!flags.out_dir.empty()) write_out_dir(flags.out_dir, run);
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"pollbench: measures the ways clients wait for asynchronous jobs", "pollbench"};
  app.set_version_flag("--version", version);
  app.require_subcommand(1);

  RunFlags flags;
  auto* run = app.add_subcommand("run", "Run strategies against models and print the comparison");
  run->add_option("--scenario", flags.scenario_file,
                   "Scenario JSON file (docs/scenario.md); without it the built-in default scenario")
      ->check(CLI::ExistingFile);
  run->add_option("--strategies", flags.strategies, "Comma-separated strategy names to keep (default: all)");
  run->add_option("--models", flags.models, "Comma-separated model names to keep (default: all)");
  run->add_option("--tasks", flags.tasks, "Tasks per model, overriding the scenario");
  run->add_option("--seed", flags.seed, "Random seed, overriding the scenario");
  run->add_option("--format", flags.format, "Output on stdout")
      ->check(CLI::IsMember({"table", "markdown", "json", "csv"}))
      ->capture_default_str();
  run->add_option("--out", flags.out_dir, "Also write results.json, results.md and results.csv into this directory");
  run->footer(metrics_help);

  auto* scenario = app.add_subcommand("scenario", "Print the built-in default scenario as JSON, to copy and edit");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    out << app.help(e.get_name() == "--help" && run->parsed() ? "run" : "");
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
    if (run->parsed()) do_run(flags, out);
    if (scenario->parsed()) out << sim::default_scenario_json().dump(2) << '\n';
  } catch (const InputError& e) {
    err << "error: " << e.what() << '\n';
    return 2;
  }
  return 0;
}

}  // namespace pollbench::bench
