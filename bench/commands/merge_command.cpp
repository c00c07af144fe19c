// `pollbench merge`: the shards of one run or one tune joined back into the whole.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>

#include "bench/commands/command.hpp"
#include "bench/commands/flags.hpp"
#include "bench/commands/output.hpp"
#include "bench/run/paired_comparisons.hpp"
#include "bench/run/simulation_run.hpp"
#include "bench/run/workload.hpp"
#include "bench/tune/tuner.hpp"
#include "reports/tune_reader.hpp"
#include "reports/recommendation.hpp"
#include "reports/result_reader.hpp"
#include "sim/json_fields.hpp"

namespace pollbench::bench {

namespace {

struct MergeFlags {
  std::vector<std::string> in;
  std::string scenario_file;
  std::string format = "json";
  std::string out_dir;
};

void merge_tunes(const MergeFlags& flags, std::ostream& out, std::ostream& err) {
  std::vector<reports::TuneResult> shards;
  for (const auto& file : flags.in) {
    sim::read_json_file(file);  // refuses an unreadable or malformed file with its name
    std::ifstream in(file);
    shards.push_back(reports::parse_tune_result(nlohmann::ordered_json::parse(in), file));
  }
  const auto merged = merge_tune_shards(shards);
  check_tune_dir("--out", flags.out_dir);
  // A tune has no CSV: its table stands in.
  say_written(write_tune(merged, flags.format == "csv" ? "table" : flags.format, flags.out_dir, out), err);
}

// A shard lacks the rows its paired comparisons would need: with the scenario the shards
// ran (--scenario, or the built-in they name) the merged run compares its picks as the
// whole run does, so the two are byte-identical. Scenario and rows that do not match (the
// pick's or guide's mean differs from the simulated one) leave the comparison out.
void compare_merged_picks(const MergeFlags& flags, reports::RunResult& merged, std::ostream& err) {
  // As run does: only the report states them, from the JSON or the --out directory.
  if (merged.mode != "sim" || merged.records.empty() || (flags.format != "json" && flags.out_dir.empty())) return;
  const auto names = sim::builtin_scenario_names();
  const bool builtin = std::find(names.begin(), names.end(), merged.scenario) != names.end();
  if (flags.scenario_file.empty() && !builtin) {
    err << "merge: no paired comparisons for the report (pass the shards' --scenario)\n";
    return;
  }
  const Workload workload =
      select(sim::scenario_named(flags.scenario_file.empty() ? merged.scenario : flags.scenario_file),
             {{}, {}, merged.records.front().tasks, merged.seed});
  auto paired = compare_picks(workload.scenario, workload.bound(), merged, all_cores());
  // Each comparison's difference is the difference of its rows' means when the tasks are
  // the same, and every pick the sentences name has one.
  const auto mean_of = [&](const std::string& model, const std::string& strategy) {
    for (const auto& r : merged.records)
      if (r.model == model && r.strategy == strategy) return r.requests.mean;
    return std::nan("");
  };
  const auto recs = reports::recommendations(merged);
  const auto comparing = std::count_if(recs.begin(), recs.end(), [](const auto& r) { return r.compares(); });
  const bool same_tasks =
      (static_cast<std::ptrdiff_t>(paired.size()) == comparing || merged.records.front().tasks > max_paired_tasks) &&
      std::all_of(paired.begin(), paired.end(), [&](const auto& p) {
        const double apart = mean_of(p.model, p.strategy) - mean_of(p.model, p.against);
        return std::abs(p.difference - apart) <= 1e-9 * (1 + std::abs(apart));
      });
  if (!same_tasks) {
    err << "merge: the scenario's tasks are not the shards'; no paired comparisons for the report\n";
    return;
  }
  merged.paired_requests = std::move(paired);
}

void merge_runs(const MergeFlags& flags, std::ostream& out, std::ostream& err) {
  std::vector<reports::RunResult> shards;
  for (const auto& file : flags.in) shards.push_back(reports::read_run_result(file));
  auto merged = merge_shards(shards);
  compare_merged_picks(flags, merged, err);
  check_results_dir("--out", flags.out_dir);
  write_format(flags.format, merged, out);
  if (!flags.out_dir.empty()) say_written(write_out_dir(flags.out_dir, merged), err);
}

}  // namespace

Command add_merge_command(CLI::App& app) {
  auto flags = std::make_shared<MergeFlags>();
  auto* merge = app.add_subcommand("merge", "Join the JSON results of the shards of one run (run --shard i/N)");
  merge->add_option("--in", flags->in, "Every shard's result JSON, in any order")->required();
  add_format_option(*merge, flags->format, {"table", "markdown", "json", "csv"});
  add_scenario_option(*merge, flags->scenario_file);
  merge->add_option("--out", flags->out_dir, "Also write results.json, results.md, results.csv and report.html here");
  return {merge, [flags](std::ostream& out, std::ostream& err) {
            // A tune's shards carry "families"; a run's carry "results".
            if (sim::read_json_file(flags->in.front()).contains("families"))
              merge_tunes(*flags, out, err);
            else
              merge_runs(*flags, out, err);
            return 0;
          }};
}

}  // namespace pollbench::bench
