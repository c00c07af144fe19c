#include <catch2/catch.hpp>

#include "bench/commands/did_you_mean.hpp"

using pollbench::bench::closest_name;

TEST_CASE("closest_name: a slip of the keyboard finds the name meant") {
  const std::vector<std::string> commands = {"run", "merge", "check", "tune", "report", "serve", "scenario"};
  CHECK(closest_name("runn", commands) == "run");
  CHECK(closest_name("reprot", commands) == "report");  // two neighbours swapped: one edit
  CHECK(closest_name("scenarios", commands) == "scenario");
  CHECK(closest_name("tun", commands) == "tune");  // as near as "run", but starts the same
  CHECK(closest_name("frobnicate", commands) == std::nullopt);
  CHECK(closest_name("x", commands) == std::nullopt);

  const std::vector<std::string> flags = {"--help", "--scenario", "--strategies", "--models", "--tasks", "--out"};
  CHECK(closest_name("--model", flags) == "--models");
  CHECK(closest_name("--modle", flags) == "--models");
  CHECK(closest_name("--strategy", flags) == "--strategies");
  CHECK(closest_name("-tasks", flags) == "--tasks");  // the dashes do not count
  CHECK(closest_name("--in", flags) == std::nullopt);
}
