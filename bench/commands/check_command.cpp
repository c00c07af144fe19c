// `pollbench check`: the CI gate, a fresh run against a baseline and budgets.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <memory>

#include "bench/commands/atomic_files.hpp"
#include "bench/commands/command.hpp"
#include "bench/commands/flags.hpp"
#include "bench/commands/output.hpp"
#include "bench/commands/terminal.hpp"
#include "bench/run/simulation_run.hpp"
#include "reports/baseline_check.hpp"
#include "reports/reporters.hpp"
#include "sim/input_error.hpp"
#include "sim/json_fields.hpp"

namespace pollbench::bench {

namespace {

struct CheckFlags {
  std::string baseline_file;
  std::string scenario_file;
  std::string budgets_file;
  std::string tolerances_file;
  std::string junit_file;
  std::optional<std::uint64_t> tasks;
  bool update_baseline = false;
};

void compare(const CheckFlags& flags, const reports::RunResult& baseline, const reports::RunResult& current,
             reports::CheckReport& report) {
  const auto tasks = [](const reports::RunResult& r) { return r.records.empty() ? 0 : r.records.front().tasks; };
  if (tasks(baseline) != tasks(current))
    throw InputError("--baseline", fmt::format("baseline rows have {} tasks, this run {}: pass --tasks {}",
                                               tasks(baseline), tasks(current), tasks(baseline)));
  auto tolerances = reports::Tolerances::defaults();
  if (!flags.tolerances_file.empty())
    tolerances.override_from(sim::read_json_file(flags.tolerances_file), flags.tolerances_file);
  reports::compare_with_baseline(baseline, current, tolerances, report);
}

// Exit code 0 when nothing got worse and every budget holds, 1 otherwise.
int do_check(const CheckFlags& flags, std::ostream& out, std::ostream& err) {
  // The fresh run replays the baseline's seed, so an unchanged config gives identical numbers.
  const bool have_baseline = std::filesystem::exists(flags.baseline_file);
  if (!have_baseline && !flags.update_baseline) throw InputError("--baseline", "cannot open " + flags.baseline_file);
  std::optional<reports::RunResult> baseline;
  if (have_baseline && !flags.update_baseline) baseline = reports::read_baseline(flags.baseline_file);
  const Selection selection{{}, {}, flags.tasks, baseline ? std::optional{baseline->seed} : std::nullopt};
  const auto workload = select(scenario_from(flags.scenario_file), selection);
  if (flags.update_baseline) check_out_file("--baseline", flags.baseline_file);
  check_out_file("--junit", flags.junit_file);
  const auto current = simulate_showing_progress(workload);
  if (flags.update_baseline) {
    write_file_atomically(flags.baseline_file, [&](std::ostream& o) { reports::JsonReporter{}.write(current, o); });
    out << "baseline written to " << flags.baseline_file << '\n';
    return 0;
  }
  reports::CheckReport report;
  if (baseline) compare(flags, *baseline, current, report);
  if (!flags.budgets_file.empty()) {
    const auto budgets = reports::parse_budgets(sim::read_json_file(flags.budgets_file), flags.budgets_file);
    reports::check_budgets(current, budgets, report);
  }
  reports::write_check_table(report, out);
  if (!flags.junit_file.empty()) {
    write_file_atomically(flags.junit_file, [&](std::ostream& o) { reports::write_junit(report, o); });
    say_written({flags.junit_file}, err);
  }
  return report.failed() ? 1 : 0;
}

}  // namespace

Command add_check_command(CLI::App& app) {
  auto flags = std::make_shared<CheckFlags>();
  auto* check =
      app.add_subcommand("check", "Compare a fresh run with a baseline and budgets: exit 0 pass, 1 worse, 2 bad input");
  check->add_option("--baseline", flags->baseline_file, "Result JSON to compare with (from run --format json)")
      ->required();
  add_scenario_option(*check, flags->scenario_file);
  check->add_option("--budgets", flags->budgets_file, "JSON of absolute limits per row (docs/ci.md)");
  check->add_option("--tolerances", flags->tolerances_file, "JSON overriding per-metric tolerances (docs/ci.md)");
  check->add_option("--junit", flags->junit_file, "Also write a JUnit XML report here");
  add_tasks_option(*check, flags->tasks, "Tasks per model, overriding the scenario");
  check->add_flag("--update-baseline", flags->update_baseline, "Rewrite the baseline from a fresh run and exit 0");
  return {check, [flags](std::ostream& out, std::ostream& err) { return do_check(*flags, out, err); }};
}

}  // namespace pollbench::bench
