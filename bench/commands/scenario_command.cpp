// `pollbench scenario`: a built-in scenario printed, to copy and edit.

#include <CLI/CLI.hpp>
#include <memory>

#include "bench/commands/command.hpp"
#include "sim/scenario.hpp"

namespace pollbench::bench {

Command add_scenario_command(CLI::App& app) {
  auto name = std::make_shared<std::string>("default");
  auto* scenario = app.add_subcommand("scenario", "Print a built-in scenario as JSON, to copy and edit");
  scenario->add_option("name", *name, "A built-in scenario")
      ->check(CLI::IsMember(sim::builtin_scenario_names()))
      ->capture_default_str();
  return {scenario, [name](std::ostream& out, std::ostream&) {
            out << sim::builtin_scenario_json(*name).dump(2) << '\n';
            return 0;
          }};
}

}  // namespace pollbench::bench
