#pragma once
// Flags more than one command takes, and how their text becomes values.

#include <optional>
#include <string>
#include <vector>

#include "reports/result_record.hpp"
#include "sim/scenario.hpp"

namespace CLI {
class App;
}

namespace pollbench::bench {

// "a,b,,c" -> {a, b, c}.
std::vector<std::string> split_list(const std::string& text);

// The built-in default scenario when no --scenario was given.
sim::Scenario scenario_from(const std::string& file);

// "i/N": the i-th of N shards, counted from 0; nothing for an empty flag.
std::optional<reports::Shard> shard_flag(const std::string& text);

// --format, checked against `formats`, its default shown in the help.
void add_format_option(CLI::App& command, std::string& format, const std::vector<std::string>& formats);

}  // namespace pollbench::bench
