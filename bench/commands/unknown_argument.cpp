#include "bench/commands/unknown_argument.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fmt/format.h>

#include "bench/commands/did_you_mean.hpp"

namespace pollbench::bench {

namespace {

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const auto* command : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(command->get_name());
  return names;
}

std::vector<std::string> flag_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const auto* option : command.get_options())
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
  return names;
}

// The name --help shows first for the flag that `name` (perhaps an alias) is one of.
std::string shown_name(const CLI::App& command, const std::string& name) {
  return "--" + command.get_option_no_throw(name)->get_lnames().front();
}

std::string did_you_mean(const std::optional<std::string>& near) { return near ? "; did you mean " + *near + "?" : ""; }

}  // namespace

std::optional<InputError> unknown_argument(const CLI::App& app, const std::vector<std::string>& args) {
  const auto left = app.remaining(true);
  // In the order typed (CLI11 keeps what each command left over apart), the first that
  // `wanted` takes.
  const auto first_left = [&](auto wanted) -> std::optional<std::string> {
    for (const auto& arg : args)
      if (wanted(arg) && std::find(left.begin(), left.end(), arg) != left.end()) return arg;
    return std::nullopt;
  };
  const auto is_flag = [](const std::string& arg) { return arg.starts_with('-'); };
  const auto chosen = app.get_subcommands();
  const auto& program = app.get_name();
  if (chosen.empty()) {
    const auto word = first_left([](const std::string&) { return true; });
    if (word && !is_flag(*word))
      return InputError(*word, fmt::format("not a command of {}{} ({} --help lists them)", program,
                                           did_you_mean(closest_name(*word, command_names(app))), program));
  }
  const CLI::App& command = chosen.empty() ? app : *chosen.front();
  const auto path = chosen.empty() ? program : program + " " + command.get_name();
  // A flag first: the value after a mistyped flag is left over too.
  if (const auto typed = first_left(is_flag)) {
    const auto flag = typed->substr(0, typed->find('='));
    const auto near = closest_name(flag, flag_names(command));
    if (near == flag) return InputError(flag, fmt::format("goes after the command: {} {}", path, flag));
    return InputError(flag, fmt::format("not a flag of {}{} ({} --help lists them)", path,
                                        did_you_mean(near ? shown_name(command, *near) : near), path));
  }
  if (const auto word = first_left([&](const std::string& arg) { return !is_flag(arg); }))
    return InputError(*word, fmt::format("not an argument of {} ({} --help lists its flags)", path, path));
  return std::nullopt;
}

}  // namespace pollbench::bench
