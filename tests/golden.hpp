#pragma once
// Golden-file comparison for renderer tests. POLLBENCH_UPDATE_GOLDEN=1 rewrites the
// files instead (then review the diff before committing it).

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace pollbench::testing {

inline std::string golden_path(const std::string& name) {
  return std::string(POLLBENCH_SOURCE_DIR) + "/tests/golden/" + name;
}

// The golden file's text; when updating, writes `actual` there first.
inline std::string golden(const std::string& name, const std::string& actual) {
  if (std::getenv("POLLBENCH_UPDATE_GOLDEN") != nullptr) std::ofstream(golden_path(name)) << actual;
  std::ifstream in(golden_path(name));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Numbers become '#' and runs of spaces one space: what stays is the shape of the output.
inline std::string masked(const std::string& text) {
  // Digits inside names ("sora-2", "p95") stay: a number starts after a non-name character.
  static const std::regex number(R"((^|[^A-Za-z0-9_.-])[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?)");
  static const std::regex spaces(" +");
  return std::regex_replace(std::regex_replace(text, number, "$1#"), spaces, " ");
}

}  // namespace pollbench::testing
