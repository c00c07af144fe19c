#pragma once
// The subcommands of `pollbench`, one file each. Each adds itself to the app with its
// flags and hands back what runs once they are parsed.

#include <functional>
#include <ostream>

namespace CLI {
class App;
}

namespace pollbench::bench {

struct Command {
  CLI::App* flags;  // owned by the app
  // Returns the exit code; throws InputError for bad input. `out` takes the results,
  // `err` what the command says about its work.
  std::function<int(std::ostream& out, std::ostream& err)> run;
};

Command add_run_command(CLI::App& app);
Command add_merge_command(CLI::App& app);
Command add_check_command(CLI::App& app);
Command add_tune_command(CLI::App& app);
Command add_report_command(CLI::App& app);
Command add_serve_command(CLI::App& app);
Command add_scenario_command(CLI::App& app);

}  // namespace pollbench::bench
