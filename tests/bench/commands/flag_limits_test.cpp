#include <catch2/catch.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "tests/support/cli_refusal.hpp"
#include "tests/support/run_cli.hpp"

using namespace pollbench;
using testing::cli;
using testing::refused;

TEST_CASE("whole-number flags refuse negative - wrapping - signed and non-decimal values") {
  const std::string tasks = "--tasks: expected a whole number from 1 to 10000000, got ";
  refused({"run", "--tasks", "-5"}, tasks + "\"-5\"");
  refused({"run", "--tasks", "99999999999"}, tasks + "\"99999999999\"");
  refused({"run", "--tasks", "0"}, tasks + "\"0\"");
  refused({"run", "--tasks", "+5"}, tasks + "\"+5\"");
  refused({"run", "--tasks", "0x10"}, tasks + "\"0x10\"");
  refused({"run", "--tasks", "1e3"}, tasks + "\"1e3\"");
  refused({"check", "--baseline", "b.json", "--tasks", "-5"}, tasks + "\"-5\"");
  refused({"tune", "--tasks", "18446744073709551615"}, tasks + "\"18446744073709551615\"");

  const std::string seed = "--seed: expected a whole number from 0 to 18446744073709551615, got ";
  refused({"run", "--seed", "-1"}, seed + "\"-1\"");
  refused({"run", "--seed", "18446744073709551616"}, seed + "\"18446744073709551616\"");
  refused({"serve", "--seed", "-1"}, seed + "\"-1\"");
  // The whole range is a seed: 2^64 - 1 is taken as written.
  const auto top = cli({"run", "--seed", "18446744073709551615", "--tasks", "10", "--models", "suno", "--strategies",
                        "fixed_interval", "--format", "json"});
  CHECK(top.code == 0);
  CHECK(top.out.find("\"seed\": 18446744073709551615") != std::string::npos);
}

TEST_CASE("number flags refuse values out of range - nan and inf") {
  const std::string scale = "--time-scale: expected a number from 0.001 to 1000000, got ";
  refused({"run", "--live", "--time-scale", "0"}, scale + "\"0\"");
  refused({"run", "--live", "--time-scale", "nan"}, scale + "\"nan\"");
  refused({"run", "--live", "--time-scale", "1e9"}, scale + "\"1e9\"");
  refused({"serve", "--time-scale", "inf"}, scale + "\"inf\"");
  refused({"tune", "--max-false-timeout-rate", "nan"},
          "--max-false-timeout-rate: expected a number from 0 to 1, got \"nan\"");
  refused({"tune", "--max-false-timeout-rate", "2"},
          "--max-false-timeout-rate: expected a number from 0 to 1, got \"2\"");
  refused({"tune", "--max-p95-delay", "inf"},
          "--max-p95-delay: expected a positive duration such as 5s or 500ms, got \"inf\"");
  refused({"run", "--threads", "0"}, "--threads: expected a whole number from 1 to 256, got \"0\"");
  refused({"run", "--threads", "257"}, "--threads: expected a whole number from 1 to 256, got \"257\"");
}

TEST_CASE("the server's flags have ranges") {
  refused({"serve", "--threads", "0"}, "--threads: expected a whole number from 1 to 256, got \"0\"");
  refused({"serve", "--threads", "-1"}, "--threads: expected a whole number from 1 to 256, got \"-1\"");
  refused({"serve", "--threads", "100000"}, "--threads: expected a whole number from 1 to 256, got \"100000\"");
  refused({"serve", "--port", "70000"}, "--port: expected a whole number from 0 to 65535, got \"70000\"");
  refused({"serve", "--max-connections", "0"},
          "--max-connections: expected a whole number from 1 to 1000000, got \"0\"");
  refused({"serve", "--head-timeout-ms", "99999999999999999999"},
          "--head-timeout-ms: expected a whole number from 1 to 86400000, got \"99999999999999999999\"");
  refused({"serve", "--max-body-bytes", "-1"},
          "--max-body-bytes: expected a whole number from 1 to 1073741824, got \"-1\"");
  const auto help = cli({"serve", "--help"});
  CHECK(help.out.find("--threads UINT:1 to 256") != std::string::npos);
}

TEST_CASE("a folder where a file belongs exits 2 with a clear message") {
  const auto dir = std::filesystem::temp_directory_path().string();
  refused({"run", "--scenario", dir}, dir + ": is a directory, not a file");
  refused({"check", "--baseline", dir}, dir + ": is a directory, not a file");
  refused({"report", "--in", dir, "--out", dir}, dir + ": is a directory, not a file");
}
