#pragma once
// Flags more than one command takes, and how their text becomes values.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reports/result_record.hpp"
#include "sim/scenario.hpp"

namespace CLI {
class App;
class Validator;
}  // namespace CLI

namespace pollbench::bench {

// "a,b,,c" -> {a, b, c}.
std::vector<std::string> split_list(const std::string& text);

// The built-in default scenario when no --scenario was given.
sim::Scenario scenario_from(const std::string& file);

// "i/N": the i-th of N shards, counted from 0; nothing for an empty flag.
std::optional<reports::Shard> shard_flag(const std::string& text);

// A whole number written in decimal digits, from `min` to `max`: no sign and no
// wrap-around ("-1" is not 2^64 - 1), the range shown in --help.
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max);
// A finite number from `min` to `max`, the range shown in --help.
CLI::Validator number_in(double min, double max);

// --scenario, a file or a built-in name, worded alike in every command.
void add_scenario_option(CLI::App& command, std::string& file);
// --models, with --model accepted too: one name is a list of one.
void add_models_option(CLI::App& command, std::string& models, const std::string& what);

// --tasks, from 1 to sim::limits::max_tasks_per_model.
void add_tasks_option(CLI::App& command, std::optional<std::uint64_t>& tasks, const std::string& what);
// --seed, any whole number from 0 to 2^64 - 1.
void add_seed_option(CLI::App& command, std::optional<std::uint64_t>& seed);

// --format, checked against `formats`, its default shown in the help.
void add_format_option(CLI::App& command, std::string& format, const std::vector<std::string>& formats);

}  // namespace pollbench::bench
