#pragma once
// The command line run in-process with streams of the test's own, and scratch files for it.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/commands/cli.hpp"

namespace pollbench::testing {

struct Outcome {
  int code;
  std::string out, err;
};

// `args` follow the program's name; stdout goes to `out`.
inline int cli_to(std::vector<std::string> args, std::ostream& out, std::ostream& err) {
  args.insert(args.begin(), "pollbench");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  return bench::run_cli(static_cast<int>(argv.size()), argv.data(), out, err);
}

inline Outcome cli(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int code = cli_to(std::move(args), out, err);
  return {code, out.str(), err.str()};
}

// `text` in a file of that name in the temporary folder; its path.
inline std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path) << text;
  return path.string();
}

inline std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace pollbench::testing
