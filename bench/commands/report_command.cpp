// `pollbench report`: a saved result rendered in every format.

#include <CLI/CLI.hpp>
#include <memory>

#include "bench/commands/command.hpp"
#include "bench/commands/output.hpp"
#include "reports/result_reader.hpp"

namespace pollbench::bench {

namespace {

struct ReportFlags {
  std::string in;
  std::string out_dir;
};

}  // namespace

Command add_report_command(CLI::App& app) {
  auto flags = std::make_shared<ReportFlags>();
  auto* report =
      app.add_subcommand("report", "Render a result JSON as report.html, results.md, results.csv and results.json");
  report->add_option("--in", flags->in, "Result JSON (from run --format json or run --out)")->required();
  report->add_option("--out", flags->out_dir, "Directory to write into")->required();
  return {report, [flags](std::ostream& out, std::ostream&) {
            const auto run = reports::read_run_result(flags->in);
            check_results_dir("--out", flags->out_dir);
            say_written(write_out_dir(flags->out_dir, run), out);
            return 0;
          }};
}

}  // namespace pollbench::bench
