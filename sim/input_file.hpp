#pragma once
// An input file read whole, within limits::max_input_file_bytes: the one way scenario,
// result, baseline, budgets, tolerances and trace files are read.

#include <string>

namespace pollbench::sim {

// Throws InputError naming the file when it is missing, a directory, unreadable or too
// large.
std::string read_input_file(const std::string& file);

}  // namespace pollbench::sim
