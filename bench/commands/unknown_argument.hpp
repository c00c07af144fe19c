#pragma once
// An argument no command or flag took, blamed by name with the one it was probably meant
// to be, where CLI11 2.1 would say "A subcommand is required" or "The following arguments
// were not expected: sora-2 --model".

#include <optional>
#include <string>
#include <vector>

#include "sim/input_error.hpp"

namespace CLI {
class App;
}

namespace pollbench::bench {

// After a parse of `args` (those after the program's name) that failed: the first argument
// left over, as an InputError naming it, or none when every argument was taken.
std::optional<InputError> unknown_argument(const CLI::App& app, const std::vector<std::string>& args);

}  // namespace pollbench::bench
