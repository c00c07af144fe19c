// `pollbench merge`: the shards of one run or one tune joined back into the whole.

#include <CLI/CLI.hpp>
#include <fstream>
#include <memory>

#include "bench/commands/command.hpp"
#include "bench/commands/flags.hpp"
#include "bench/commands/output.hpp"
#include "bench/run/simulation_run.hpp"
#include "bench/tune/tuner.hpp"
#include "reports/tune_reader.hpp"
#include "reports/result_reader.hpp"
#include "sim/json_fields.hpp"

namespace pollbench::bench {

namespace {

struct MergeFlags {
  std::vector<std::string> in;
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

void merge_runs(const MergeFlags& flags, std::ostream& out, std::ostream& err) {
  std::vector<reports::RunResult> shards;
  for (const auto& file : flags.in) shards.push_back(reports::read_run_result(file));
  const auto merged = merge_shards(shards);
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
