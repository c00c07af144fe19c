// `pollbench run`: strategies against models, in virtual time or over real HTTP.

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <memory>

#include "bench/commands/command.hpp"
#include "bench/commands/flags.hpp"
#include "bench/commands/live_preflight.hpp"
#include "bench/live/live_server.hpp"
#include "bench/commands/output.hpp"
#include "bench/commands/stop_signals.hpp"
#include "bench/commands/terminal.hpp"
#include "bench/live/live_run.hpp"
#include "bench/run/paired_comparisons.hpp"
#include "bench/run/simulation_run.hpp"
#include "bench/strategy_catalog.hpp"
#include "reports/metric_glossary.hpp"
#include "sim/input_error.hpp"
#include "sim/limits.hpp"

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
  unsigned threads = all_cores();
};

void write_results(const RunFlags& flags, const reports::RunResult& run, std::ostream& out, std::ostream& err) {
  write_format(flags.format, run, out);
  if (!flags.out_dir.empty()) say_written(write_out_dir(flags.out_dir, run), err);
}

// A strategy the user named that runs on none of the run's models has no row: says so,
// rather than leave the table silently short.
void note_strategies_without_models(const Workload& workload, const Selection& selection, std::ostream& err) {
  for (const auto& name : workload.without_models())
    if (std::find(selection.strategies.begin(), selection.strategies.end(), name) != selection.strategies.end())
      err << "note: " << name
          << " runs on none of these models: none has the long polling, event stream or progress it needs "
             "(docs/scenario.md)\n";
}

int run_simulated(const RunFlags& flags, const sim::Scenario& scenario, const Selection& selection, std::ostream& out,
                  std::ostream& err) {
  const auto& live = flags.live_options;
  for (const auto& [given, flag] : {std::pair{!live.target.empty(), "--target"},
                                    {!live.api_key.empty(), "--api-key"},
                                    {!live.webhook_secret.empty(), "--webhook-secret"},
                                    {live.time_scale.has_value(), "--time-scale"}})
    if (given) throw InputError(flag, "only with --live");
  const auto shard = shard_flag(flags.shard);
  const Workload workload = select(scenario, selection);
  check_results_dir("--out", flags.out_dir);
  note_strategies_without_models(workload, selection, err);
  auto run = simulate_showing_progress(workload, shard, flags.threads);
  // Only the report states them, from the JSON or the --out directory: a run printed as a
  // table does not spend the second simulation of each model's pick and guide. A shard
  // lacks the rows; merge makes them.
  if (!shard && (flags.format == "json" || !flags.out_dir.empty()))
    run.paired_requests = compare_picks(workload.scenario, workload.bound(), run, flags.threads);
  write_results(flags, run, out, err);
  return 0;
}

// Stops cleanly on Ctrl-C or SIGTERM, keeps what ended, and exits 130; a server that
// refuses every submission ends it too, with exit 1.
int run_over_http(RunFlags flags, const sim::Scenario& scenario, const Selection& selection, std::ostream& out,
                  std::ostream& err) {
  if (!flags.shard.empty()) throw InputError("--shard", "a live run is not sharded");
  const Workload selected = select(scenario, selection);
  check_results_dir("--out", flags.out_dir);
  note_strategies_without_models(selected, selection, err);
  // A target is checked while Ctrl-C still ends the process at once: a server that takes
  // the connection and never answers cannot hold it.
  std::optional<live::Server> target;
  if (const auto& live = flags.live_options; !live.target.empty()) {
    if (!live.api_key.empty()) preflight_api_key(live.target, live.api_key);
    target = live::open_server(selected.scenario, live);
  }
  StopSignals stop;
  flags.live_options.interrupt_fd = stop.fd();
  auto progress = progress_on_stderr();
  flags.live_options.progress = [&](auto done, auto total) { progress.update(done, total); };
  const auto pairs = selected.pairs();
  err << fmt::format("pollbench live: {} tasks in {} (strategy, model) pairs; ",
                     selected.scenario.tasks_per_model * pairs, pairs)
      << "Ctrl-C stops the run and keeps what ended\n"
      << std::flush;
  auto run = target ? live::run_live(selected, std::move(*target), flags.live_options)
                    : live::run_live(selected, flags.live_options);
  progress.finish();
  // The loop stopped on a pending signal: name it. One that came after the run ended is dropped.
  const int signal = stop.take_pending();
  const bool interrupted = signal && run.live->partial == "interrupted";
  if (interrupted) run.live->partial = fmt::format("stopped by {}", stop.name_of(signal));
  write_results(flags, run, out, err);
  if (!run.live->partial) return 0;
  if (interrupted) return 130;
  err << "error: the run stopped: " << *run.live->partial << "\n";
  return 1;
}

int do_run(const RunFlags& flags, std::ostream& out, std::ostream& err) {
  const auto scenario = scenario_from(flags.scenario_file);
  const Selection selection{split_list(flags.strategies), split_list(flags.models), flags.tasks, flags.seed};
  return flags.live ? run_over_http(flags, scenario, selection, out, err)
                    : run_simulated(flags, scenario, selection, out, err);
}

void add_live_options(CLI::App& run, live::LiveOptions& live) {
  run.add_option("--target", live.target,
                 "With --live: http://host:port of a server playing the same scenario and seed");
  run.add_option("--api-key", live.api_key, "With --target: the key to send as Authorization: Bearer");
  run.add_option("--webhook-secret", live.webhook_secret,
                 "With --target: the key's webhook secret, for the callback strategies");
  run.add_option("--time-scale", live.time_scale,
                 "With --live: scenario seconds per wall second (default 1; with --target, the target's)")
      ->check(number_in(sim::limits::min_time_scale, sim::limits::max_time_scale));
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto flags = std::make_shared<RunFlags>();
  auto* run = app.add_subcommand("run", "Run strategies against models and print the comparison");
  add_scenario_option(*run, flags->scenario_file);
  run->add_option("--strategies", flags->strategies, "Comma-separated strategy names to keep (default: all)");
  add_models_option(*run, flags->models, "Comma-separated model names to keep (default: all)");
  add_tasks_option(*run, flags->tasks, "Tasks per model, overriding the scenario");
  add_seed_option(*run, flags->seed);
  add_format_option(*run, flags->format, {"table", "markdown", "json", "csv"});
  run->add_option("--out", flags->out_dir,
                  "Also write results.json, results.md, results.csv and report.html (charts) into this directory");
  run->add_option("--threads", flags->threads,
                  "Threads simulating blocks of tasks (default: the core count); the output is the same for any number")
      ->check(whole_number(1, 256));
  run->add_flag("--live", flags->live, "Run over real HTTP: the mock server in-process, or --target (docs/live.md)");
  add_live_options(*run, flags->live_options);
  run->add_option("--shard", flags->shard,
                  "Run only part i of N (0 <= i < N) of the pairs; join the JSON of all N with pollbench merge");
  run->footer(reports::metrics_help_text() + "\n" + strategy_kinds_help());
  return {run, [flags](std::ostream& out, std::ostream& err) { return do_run(*flags, out, err); }};
}

}  // namespace pollbench::bench
