// `pollbench tune`: the fewest requests each strategy family can send within constraints.

#include <CLI/CLI.hpp>
#include <cmath>
#include <fmt/format.h>
#include <memory>

#include "bench/commands/command.hpp"
#include "bench/commands/flags.hpp"
#include "bench/commands/output.hpp"
#include "bench/commands/terminal.hpp"
#include "bench/run/simulation_run.hpp"
#include "bench/tune/trace_fit.hpp"
#include "bench/tune/tuner.hpp"
#include "sim/input_error.hpp"

namespace pollbench::bench {

namespace {

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
sim::Seconds duration_flag(const std::string& flag, const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    throw InputError(flag, "expected a duration such as 5s or 500ms, got \"" + text + "\"");
  }
  const auto unit = text.substr(used);
  const double scale = unit == "" || unit == "s" ? 1 : unit == "ms" ? 0.001 : unit == "min" ? 60 : -1;
  if (scale < 0 || !(value > 0) || !std::isfinite(value * scale))
    throw InputError(flag, "expected a positive duration such as 5s or 500ms, got \"" + text + "\"");
  return sim::Seconds{value * scale};
}

TuneConstraints constraints_from(const TuneFlags& flags) {
  TuneConstraints constraints;
  if (!flags.max_p95_delay.empty())
    constraints.max_p95_delay_s = duration_flag("--max-p95-delay", flags.max_p95_delay).count();
  constraints.max_false_timeout_rate = flags.max_false_timeout_rate;
  return constraints;
}

void do_tune(const TuneFlags& flags, std::ostream& out, std::ostream& err) {
  auto base = scenario_from(flags.scenario_file);
  const auto fits = flags.trace_file.empty() ? std::vector<reports::LawFit>{} : apply_trace(base, flags.trace_file);
  // Tuning simulates hundreds of configs a model: 3,000 tasks each unless told otherwise.
  const Selection selection{{}, split_list(flags.models), flags.tasks.value_or(3000), std::nullopt};
  const auto scenario = select(base, selection);
  const auto constraints = constraints_from(flags);
  const auto shard = shard_flag(flags.shard);
  check_tune_dir("--out", flags.out_dir);
  auto progress = progress_on_stderr();
  auto result = tune(
      scenario, constraints, [&](auto done, auto total) { progress.update(done, total); }, shard);
  result.fits = fits;
  progress.finish();
  say_written(write_tune(result, flags.format, flags.out_dir, out), err);
}

}  // namespace

Command add_tune_command(CLI::App& app) {
  auto flags = std::make_shared<TuneFlags>();
  auto* tune =
      app.add_subcommand("tune", "Search each strategy family's configs for the fewest requests within constraints");
  add_scenario_option(*tune, flags->scenario_file);
  tune->add_option("--shard", flags->shard,
                   "Search only part i of N (0 <= i < N) of the (model, family) units; join with pollbench merge");
  tune->add_option("--trace", flags->trace_file,
                   "CSV of observed durations (model,duration_s,state): fit each model's law to it first");
  add_models_option(*tune, flags->models, "Comma-separated model names to tune (default: all)");
  add_tasks_option(*tune, flags->tasks, "Tasks simulated per candidate config (default 3000)");
  tune->add_option("--max-p95-delay", flags->max_p95_delay,
                   "Upper limit on p95 detection latency, e.g. 5s or 800ms (default: the guide's own)");
  tune->add_option("--max-false-timeout-rate", flags->max_false_timeout_rate,
                   "Upper limit on the false-timeout rate, e.g. 0.001 (default: the guide's own)")
      ->check(number_in(0, 1));
  add_format_option(*tune, flags->format, {"table", "markdown", "json"});
  tune->add_option("--out", flags->out_dir,
                   "Also write tune.json (every tuned strategy entry) and polling-config.json "
                   "(getPollingConfig shape)");
  return {tune, [flags](std::ostream& out, std::ostream& err) {
            do_tune(*flags, out, err);
            return 0;
          }};
}

}  // namespace pollbench::bench
