#include "bench/commands/flags.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>

#include "sim/input_error.hpp"

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

void add_format_option(CLI::App& command, std::string& format, const std::vector<std::string>& formats) {
  command.add_option("--format", format, "Output on stdout")->check(CLI::IsMember(formats))->capture_default_str();
}

}  // namespace pollbench::bench
