#pragma once
// A command line refused as bad input: exit 2, nothing on stdout, the one error line.

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <string>
#include <vector>

#include "tests/support/run_cli.hpp"

namespace pollbench::testing {

inline void refused(const std::vector<std::string>& args, const std::string& line) {
  INFO(fmt::format("pollbench {}", fmt::join(args, " ")));
  const auto r = cli(args);
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "error: " + line + "\n");
}

}  // namespace pollbench::testing
