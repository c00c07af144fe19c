#include "bench/commands/cli.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <cstdio>
#include <map>
#include <unistd.h>

#include "bench/live/live_run.hpp"
#include "bench/commands/progress_line.hpp"
#include "bench/commands/serve_command.hpp"
#include "bench/run/simulation_run.hpp"
#include "bench/commands/stop_signals.hpp"
#include "bench/tune/trace_fit.hpp"
#include "bench/tune/tuner.hpp"
#include "bench/version.hpp"
#include "reports/baseline_check.hpp"
#include "reports/metric_glossary.hpp"
#include "reports/reporters.hpp"
#include "reports/result_reader.hpp"
#include "reports/tune_reader.hpp"
#include "reports/tune_reporter.hpp"
#include "sim/input_error.hpp"
#include "sim/json_fields.hpp"

namespace pollbench::bench {

namespace {

struct RunFlags {
  std::string scenario_file;
  std::string shard;
  std::string strategies;
  std::string models;
  std::optional<std::uint64_t> tasks;
  std::optional<std::uint64_t> seed;
  std::string format = "table";
  std::string out_dir;
  bool live = false;
  live::LiveOptions live_options;
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

sim::Scenario scenario_from(const std::string& file) {
  return file.empty() ? sim::default_scenario() : sim::scenario_named(file);
}

void write_file(const std::string& file, const std::string& flag, const auto& write) {
  std::ofstream out(file);
  if (!out) throw InputError(flag, "cannot write " + file);
  write(out);
}

void write_format(const std::string& format, const reports::RunResult& run, std::ostream& out) {
  if (format == "table") reports::TableReporter{}.write(run, out);
  if (format == "markdown") reports::MarkdownReporter{}.write(run, out);
  if (format == "json") reports::JsonReporter{}.write(run, out);
  if (format == "csv") reports::CsvReporter{}.write(run, out);
  if (format == "html") reports::HtmlReporter{}.write(run, out);
}

void write_out_dir(const std::string& dir, const reports::RunResult& run) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw InputError("--out", "cannot create directory " + dir + ": " + ec.message());
  const std::map<std::string, std::string> files = {
      {"json", "results.json"}, {"markdown", "results.md"}, {"csv", "results.csv"}, {"html", "report.html"}};
  for (const auto& [format, name] : files)
    write_file((std::filesystem::path(dir) / name).string(), "--out",
               [&](std::ostream& o) { write_format(format, run, o); });
}

// A progress line on stderr while it runs, when stderr is a terminal.
reports::RunResult run_simulation_with_progress(const sim::Scenario& scenario,
                                                std::optional<reports::Shard> shard = std::nullopt) {
  ProgressLine progress(std::cerr, isatty(STDERR_FILENO) == 1);
  auto run = run_simulation(scenario, [&](auto done, auto total) { progress.update(done, total); }, shard);
  progress.finish();
  return run;
}

// "i/N": the i-th of N shards, counted from 0.
std::optional<reports::Shard> shard_flag(const std::string& text) {
  if (text.empty()) return std::nullopt;
  unsigned index = 0, count = 0;
  char slash = 0, rest = 0;
  if (std::sscanf(text.c_str(), "%u %c %u %c", &index, &slash, &count, &rest) != 3 || slash != '/' || count == 0 ||
      index >= count)
    throw InputError("--shard", "expected i/N with 0 <= i < N, got \"" + text + "\"");
  return reports::Shard{index, count};
}

struct TuneFlags {
  std::string shard;
  std::string scenario_file;
  std::string trace_file;
  std::string models;
  std::optional<std::uint64_t> tasks;
  std::string max_p95_delay;
  std::optional<double> max_false_timeout_rate;
  std::string format = "table";
  std::string out_dir;
};

// "5s", "500ms", "2min" or a plain number of seconds.
double seconds_flag(const std::string& flag, const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    throw InputError(flag, "expected a duration such as 5s or 500ms, got \"" + text + "\"");
  }
  const auto unit = text.substr(used);
  const double scale = unit == "" || unit == "s" ? 1 : unit == "ms" ? 0.001 : unit == "min" ? 60 : -1;
  if (scale < 0 || value <= 0) throw InputError(flag, "expected a positive duration such as 5s or 500ms, got \"" + text + "\"");
  return value * scale;
}

// The tune table or JSON on stdout; with a directory, tune.json and polling-config.json in it.
void write_tune(const reports::TuneResult& result, const std::string& format, const std::string& out_dir, std::ostream& out) {
  if (format == "json") out << reports::tune_json(result).dump(2) << '\n';
  else reports::write_tune_table(result, out, format == "markdown");
  if (!out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (ec) throw InputError("--out", "cannot create directory " + out_dir + ": " + ec.message());
    const auto dir = std::filesystem::path(out_dir);
    write_file((dir / "tune.json").string(), "--out", [&](std::ostream& o) { o << reports::tune_json(result).dump(2) << '\n'; });
    write_file((dir / "polling-config.json").string(), "--out",
               [&](std::ostream& o) { o << reports::polling_config_json(result).dump(2) << '\n'; });
  }
}

void do_tune(const TuneFlags& flags, std::ostream& out) {
  // Tuning simulates hundreds of configs a model: 3,000 tasks each unless told otherwise.
  auto base = scenario_from(flags.scenario_file);
  const auto fits = flags.trace_file.empty() ? std::vector<reports::LawFit>{} : apply_trace(base, flags.trace_file);
  Selection selection{{}, split_list(flags.models), flags.tasks.value_or(3000), std::nullopt};
  const auto scenario = select(base, selection);
  TuneConstraints constraints;
  if (!flags.max_p95_delay.empty()) constraints.max_p95_delay_s = seconds_flag("--max-p95-delay", flags.max_p95_delay);
  if (flags.max_false_timeout_rate) {
    if (*flags.max_false_timeout_rate < 0 || *flags.max_false_timeout_rate > 1)
      throw InputError("--max-false-timeout-rate", fmt::format("must be in [0, 1], got {}", *flags.max_false_timeout_rate));
    constraints.max_false_timeout_rate = flags.max_false_timeout_rate;
  }
  ProgressLine progress(std::cerr, isatty(STDERR_FILENO) == 1);
  auto result = tune(scenario, constraints, [&](auto done, auto total) { progress.update(done, total); },
                     shard_flag(flags.shard));
  result.fits = fits;
  progress.finish();
  write_tune(result, flags.format, flags.out_dir, out);
}


struct CheckFlags {
  std::string baseline_file;
  std::string scenario_file;
  std::string budgets_file;
  std::string tolerances_file;
  std::string junit_file;
  std::optional<std::uint64_t> tasks;
  bool update_baseline = false;
};

// Exit code 0 when nothing got worse and every budget holds, 1 otherwise.
int do_check(const CheckFlags& flags, std::ostream& out) {
  // The fresh run replays the baseline's seed, so an unchanged config gives identical numbers.
  const bool have_baseline = std::filesystem::exists(flags.baseline_file);
  if (!have_baseline && !flags.update_baseline) throw InputError("--baseline", "cannot open " + flags.baseline_file);
  std::optional<reports::RunResult> baseline;
  if (have_baseline && !flags.update_baseline) baseline = reports::read_run_result(flags.baseline_file);
  auto selection = Selection{{}, {}, flags.tasks, baseline ? std::optional{baseline->seed} : std::nullopt};
  const auto current = run_simulation_with_progress(select(scenario_from(flags.scenario_file), selection));
  if (flags.update_baseline) {
    write_file(flags.baseline_file, "--baseline", [&](std::ostream& o) { reports::JsonReporter{}.write(current, o); });
    out << "baseline written to " << flags.baseline_file << '\n';
    return 0;
  }
  reports::CheckReport report;
  if (baseline) {
    const auto tasks = [](const reports::RunResult& r) { return r.records.empty() ? 0 : r.records.front().tasks; };
    if (tasks(*baseline) != tasks(current))
      throw InputError("--baseline", fmt::format("baseline rows have {} tasks, this run {}: pass --tasks {}",
                                                 tasks(*baseline), tasks(current), tasks(*baseline)));
    auto tolerances = reports::Tolerances::defaults();
    if (!flags.tolerances_file.empty()) tolerances.override_from(sim::read_json_file(flags.tolerances_file), flags.tolerances_file);
    reports::compare_with_baseline(*baseline, current, tolerances, report);
  }
  if (!flags.budgets_file.empty())
    reports::check_budgets(current, reports::parse_budgets(sim::read_json_file(flags.budgets_file), flags.budgets_file), report);
  reports::write_check_table(report, out);
  if (!flags.junit_file.empty())
    write_file(flags.junit_file, "--junit", [&](std::ostream& o) { reports::write_junit(report, o); });
  return report.failed() ? 1 : 0;
}

// A live run stops cleanly on Ctrl-C or SIGTERM, keeps what ended, and exits 130.
int do_run(RunFlags flags, std::ostream& out) {
  const auto scenario = scenario_from(flags.scenario_file);
  Selection selection{split_list(flags.strategies), split_list(flags.models), flags.tasks, flags.seed};
  if (!flags.live) {
    for (const auto& [given, flag] : {std::pair{!flags.live_options.target.empty(), "--target"}, {!flags.live_options.api_key.empty(), "--api-key"},
                                      {!flags.live_options.webhook_secret.empty(), "--webhook-secret"}, {flags.live_options.time_scale.has_value(), "--time-scale"}})
      if (given) throw InputError(flag, "only with --live");
    const auto run = run_simulation_with_progress(select(scenario, selection), shard_flag(flags.shard));
    write_format(flags.format, run, out);
    if (!flags.out_dir.empty()) write_out_dir(flags.out_dir, run);
    return 0;
  }
  if (!flags.shard.empty()) throw InputError("--shard", "a live run is not sharded");
  StopSignals stop;
  flags.live_options.interrupt_fd = stop.fd();
  ProgressLine progress(std::cerr, isatty(STDERR_FILENO) == 1);
  flags.live_options.progress = [&](auto done, auto total) { progress.update(done, total); };
  const auto selected = select(scenario, selection);
  std::cerr << fmt::format("pollbench live: {} tasks in {} (strategy, model) pairs; Ctrl-C stops the run and keeps what ended\n",
                           selected.tasks_per_model * selected.models.size() * selected.strategies.size(),
                           selected.models.size() * selected.strategies.size())
            << std::flush;
  auto run = live::run_live(selected, flags.live_options);
  progress.finish();
  // The loop stopped on a pending signal: name it. One that came after the run ended is dropped.
  if (const int signal = stop.take_pending(); signal && run.live->partial) run.live->partial = fmt::format("stopped by {}", stop.name_of(signal));
  write_format(flags.format, run, out);
  if (!flags.out_dir.empty()) write_out_dir(flags.out_dir, run);
  return run.live->partial ? 130 : 0;
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"pollbench: measures the ways clients wait for asynchronous jobs", "pollbench"};
  app.set_version_flag("--version", version);
  app.require_subcommand(1);

  RunFlags flags;
  auto* run = app.add_subcommand("run", "Run strategies against models and print the comparison");
  run->add_option("--scenario", flags.scenario_file,
                   "Scenario JSON file (docs/scenario.md), or a built-in one: default (the default), burst");
  run->add_option("--strategies", flags.strategies, "Comma-separated strategy names to keep (default: all)");
  run->add_option("--models", flags.models, "Comma-separated model names to keep (default: all)");
  run->add_option("--tasks", flags.tasks, "Tasks per model, overriding the scenario");
  run->add_option("--seed", flags.seed, "Random seed, overriding the scenario");
  run->add_option("--format", flags.format, "Output on stdout")
      ->check(CLI::IsMember({"table", "markdown", "json", "csv"}))
      ->capture_default_str();
  run->add_option("--out", flags.out_dir,
                  "Also write results.json, results.md, results.csv and report.html (charts) into this directory");
  run->add_flag("--live", flags.live, "Run over real HTTP: the mock server in-process, or --target (docs/live.md)");
  run->add_option("--target", flags.live_options.target, "With --live: http://host:port of a server playing the same scenario and seed");
  run->add_option("--api-key", flags.live_options.api_key, "With --target: the key to send as Authorization: Bearer");
  run->add_option("--webhook-secret", flags.live_options.webhook_secret, "With --target: the key's webhook secret, for the callback strategies");
  run->add_option("--time-scale", flags.live_options.time_scale,
                  "With --live: scenario seconds per wall second (default 1; with --target, the target's)");
  run->add_option("--shard", flags.shard,
                  "Run only part i of N (0 <= i < N) of the pairs; join the JSON of all N with pollbench merge");
  run->footer(reports::metrics_help_text());

  std::vector<std::string> merge_in;
  std::string merge_format = "json", merge_out;
  auto* merge = app.add_subcommand("merge", "Join the JSON results of the shards of one run (run --shard i/N)");
  merge->add_option("--in", merge_in, "Every shard's result JSON, in any order")->required();
  merge->add_option("--format", merge_format, "Output on stdout")
      ->check(CLI::IsMember({"table", "markdown", "json", "csv"}))
      ->capture_default_str();
  merge->add_option("--out", merge_out, "Also write results.json, results.md, results.csv and report.html here");

  CheckFlags check_flags;
  auto* check = app.add_subcommand("check", "Compare a fresh run with a baseline and budgets: exit 0 pass, 1 worse, 2 bad input");
  check->add_option("--baseline", check_flags.baseline_file, "Result JSON to compare with (from run --format json)")
      ->required();
  check->add_option("--scenario", check_flags.scenario_file, "Scenario file or built-in name (default: default)");
  check->add_option("--budgets", check_flags.budgets_file, "JSON of absolute limits per row (docs/ci.md)");
  check->add_option("--tolerances", check_flags.tolerances_file, "JSON overriding per-metric tolerances (docs/ci.md)");
  check->add_option("--junit", check_flags.junit_file, "Also write a JUnit XML report here");
  check->add_option("--tasks", check_flags.tasks, "Tasks per model, overriding the scenario");
  check->add_flag("--update-baseline", check_flags.update_baseline, "Rewrite the baseline from a fresh run and exit 0");

  TuneFlags tune_flags;
  auto* tune_cmd = app.add_subcommand("tune", "Search each strategy family's configs for the fewest requests within constraints");
  tune_cmd->add_option("--scenario", tune_flags.scenario_file, "Scenario file or built-in name (default: default)");
  tune_cmd->add_option("--shard", tune_flags.shard,
                       "Search only part i of N (0 <= i < N) of the (model, family) units; join with pollbench merge");
  tune_cmd->add_option("--trace", tune_flags.trace_file,
                       "CSV of observed durations (model,duration_s,state): fit each model's law to it first");
  tune_cmd->add_option("--models,--model", tune_flags.models, "Comma-separated model names to tune (default: all)");
  tune_cmd->add_option("--tasks", tune_flags.tasks, "Tasks simulated per candidate config (default 3000)");
  tune_cmd->add_option("--max-p95-delay", tune_flags.max_p95_delay,
                       "Upper limit on p95 detection latency, e.g. 5s or 800ms (default: the guide's own)");
  tune_cmd->add_option("--max-false-timeout-rate", tune_flags.max_false_timeout_rate,
                       "Upper limit on the false-timeout rate, e.g. 0.001 (default: the guide's own)");
  tune_cmd->add_option("--format", tune_flags.format, "Output on stdout")
      ->check(CLI::IsMember({"table", "markdown", "json"}))
      ->capture_default_str();
  tune_cmd->add_option("--out", tune_flags.out_dir,
                       "Also write tune.json (every tuned strategy entry) and polling-config.json (getPollingConfig shape)");

  std::string report_in, report_out;
  auto* report = app.add_subcommand("report", "Render a result JSON as report.html, results.md, results.csv and results.json");
  report->add_option("--in", report_in, "Result JSON (from run --format json or run --out)")->required();
  report->add_option("--out", report_out, "Directory to write into")->required();

  ServeFlags serve_flags;
  auto& serve_options = serve_flags.options;
  auto* serve = app.add_subcommand("serve", "Serve the document's API over HTTP with the scenario's latencies and faults (docs/api.md)");
  serve->add_option("--scenario", serve_flags.scenario_file, "Scenario file or built-in name (default: default)");
  serve->add_option("--seed", serve_flags.seed, "Random seed, overriding the scenario");
  serve->add_option("--host", serve_options.host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", serve_options.port, "Port to listen on; 0 picks a free one and prints it")->capture_default_str();
  serve->add_option("--time-scale", serve_options.time_scale,
                    "Scenario seconds per wall second: 100 makes a 3-minute job take 1.8 s")
      ->capture_default_str();
  serve->add_option("--allow-callback-host", serve_options.callback_hosts,
                    "A host webhooks may be sent to besides loopback (repeatable)");
  serve->add_option("--max-connections", serve_options.max_connections,
                    "Connections served at once, one thread each (docs/server-design.md)")
      ->capture_default_str();
  serve->add_option("--report", serve_flags.report_file, "Write the journal (as GET /admin/stats) here on shutdown");

  std::string builtin = "default";
  auto* scenario = app.add_subcommand("scenario", "Print a built-in scenario as JSON, to copy and edit");
  scenario->add_option("name", builtin, "default or burst")->capture_default_str();

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
    if (run->parsed()) return do_run(flags, out);
    if (check->parsed()) return do_check(check_flags, out);
    if (tune_cmd->parsed()) do_tune(tune_flags, out);
    if (merge->parsed()) {
      // A tune's shards carry "families"; a run's carry "results".
      if (sim::read_json_file(merge_in.front()).contains("families")) {
        std::vector<reports::TuneResult> shards;
        for (const auto& file : merge_in) {
          sim::read_json_file(file);  // refuses an unreadable or malformed file with its name
          std::ifstream in(file);
          shards.push_back(reports::parse_tune_result(nlohmann::ordered_json::parse(in), file));
        }
        write_tune(merge_tune_shards(shards), merge_format == "csv" ? "table" : merge_format, merge_out, out);
      } else {
        std::vector<reports::RunResult> shards;
        for (const auto& file : merge_in) shards.push_back(reports::read_run_result(file));
        const auto merged = merge_shards(shards);
        write_format(merge_format, merged, out);
        if (!merge_out.empty()) write_out_dir(merge_out, merged);
      }
    }
    if (serve->parsed()) do_serve(serve_flags, out);
    if (report->parsed()) {
      write_out_dir(report_out, reports::read_run_result(report_in));
      out << "wrote " << (std::filesystem::path(report_out) / "report.html").string() << '\n';
    }
    if (scenario->parsed()) out << sim::builtin_scenario_json(builtin).dump(2) << '\n';
  } catch (const InputError& e) {
    err << "error: " << e.what() << '\n';
    return 2;
  }
  return 0;
}

}  // namespace pollbench::bench
