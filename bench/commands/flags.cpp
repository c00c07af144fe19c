#include "bench/commands/flags.hpp"

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdio>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <limits>

#include "sim/input_error.hpp"
#include "sim/limits.hpp"

namespace pollbench::bench {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  for (char c : text + ",") {
    if (c != ',') {
      item += c;
    } else if (!item.empty()) {
      items.push_back(item);
      item.clear();
    }
  }
  return items;
}

sim::Scenario scenario_from(const std::string& file) {
  return file.empty() ? sim::default_scenario() : sim::scenario_named(file);
}

std::optional<reports::Shard> shard_flag(const std::string& text) {
  if (text.empty()) return std::nullopt;
  unsigned index = 0, count = 0;
  char slash = 0, rest = 0;
  if (std::sscanf(text.c_str(), "%u %c %u %c", &index, &slash, &count, &rest) != 3 || slash != '/' || count == 0 ||
      index >= count)
    throw InputError("--shard", "expected i/N with 0 <= i < N, got \"" + text + "\"");
  return reports::Shard{index, count};
}

namespace {

// `text` read whole by std::from_chars (decimal, no leading sign or space), in [min, max].
template <class T>
CLI::Validator in_range(T min, T max, const char* what) {
  return {[=](std::string& text) -> std::string {
            T value{};
            const char* end = text.data() + text.size();
            const auto [stop, error] = std::from_chars(text.data(), end, value);
            if (error == std::errc{} && stop == end && value >= min && value <= max) return {};
            return fmt::format("expected {} from {} to {}, got \"{}\"", what, min, max, text);
          },
          fmt::format("{} to {}", min, max)};
}

}  // namespace

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) { return in_range(min, max, "a whole number"); }

CLI::Validator number_in(double min, double max) { return in_range(min, max, "a number"); }

void add_scenario_option(CLI::App& command, std::string& file) {
  command.add_option("--scenario", file,
                     "Scenario JSON file (docs/scenario.md) or a built-in name: " +
                         fmt::format("{}", fmt::join(sim::builtin_scenario_names(), ", ")) + " (default: default)");
}

void add_models_option(CLI::App& command, std::string& models, const std::string& what) {
  command.add_option("--models,--model", models, what);
}

void add_tasks_option(CLI::App& command, std::optional<std::uint64_t>& tasks, const std::string& what) {
  command.add_option("--tasks", tasks, what)->check(whole_number(1, sim::limits::max_tasks_per_model));
}

void add_seed_option(CLI::App& command, std::optional<std::uint64_t>& seed) {
  command.add_option("--seed", seed, "Random seed, overriding the scenario")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
}

void add_format_option(CLI::App& command, std::string& format, const std::vector<std::string>& formats) {
  command.add_option("--format", format, "Output on stdout")->check(CLI::IsMember(formats))->capture_default_str();
}

}  // namespace pollbench::bench
