#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "bench/commands/atomic_files.hpp"
#include "bench/commands/output.hpp"
#include "sim/input_error.hpp"
#include "tests/support/cli_refusal.hpp"
#include "tests/support/run_cli.hpp"

using namespace pollbench;
using testing::cli;
using testing::refused;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  const auto dir = fs::temp_directory_path() / name;
  fs::remove_all(dir);
  return dir;
}

// What a command that wrote a run's files into `dir` says.
std::string wrote_in(const std::string& dir) {
  return "wrote " + dir + "/results.md, " + dir + "/results.csv, " + dir + "/results.json and " + dir +
         "/report.html\n";
}

}  // namespace

// Ten million tasks a model, or a tune, would take minutes: each refusal comes before the work.
TEST_CASE("an output path that cannot be written is refused before any work starts") {
  refused({"run", "--tasks", "10000000", "--out", "/proc/nope"},
          "--out: cannot write /proc/nope: No such file or directory");
  refused({"run", "--live", "--target", "http://127.0.0.1:1", "--out", "/proc/nope"},
          "--out: cannot write /proc/nope: No such file or directory");
  refused({"tune", "--tasks", "10000000", "--out", "/proc/nope"},
          "--out: cannot write /proc/nope: No such file or directory");
  refused({"check", "--baseline", POLLBENCH_SOURCE_DIR "/baselines/default.json", "--tasks", "10000000", "--junit",
           "/proc/nope/junit.xml"},
          "--junit: cannot write /proc/nope/junit.xml: No such file or directory");
  refused({"check", "--baseline", "/proc/nope/b.json", "--update-baseline", "--tasks", "10000000"},
          "--baseline: cannot write /proc/nope/b.json: No such file or directory");

  const auto dir = fresh_dir("pollbench_output_first");
  const auto results = (dir / "results.json").string();
  REQUIRE(cli({"run", "--tasks", "20", "--models", "suno", "--out", dir.string()}).code == 0);
  refused({"report", "--in", results, "--out", "/proc/nope"},
          "--out: cannot write /proc/nope: No such file or directory");
  const auto shard =
      testing::write_temp("pollbench_output_shard.json",
                          cli({"run", "--tasks", "20", "--models", "suno", "--format", "json", "--shard", "0/1"}).out);
  refused({"merge", "--in", shard, "--out", "/proc/nope"}, "--out: cannot write /proc/nope: No such file or directory");
  // A file where the folder should be, and a folder where a file should be.
  refused({"run", "--tasks", "20", "--out", results}, "--out: cannot write " + results + ": Not a directory");
  fs::create_directories(dir / "site" / "report.html");
  refused({"report", "--in", results, "--out", (dir / "site").string()},
          "--out: cannot write " + (dir / "site" / "report.html").string() + ": is a directory");
}

TEST_CASE("run --out and merge --out end by saying what they wrote - on stderr - below the results") {
  const auto dir = fresh_dir("pollbench_output_said");
  const auto d = dir.string();
  const auto plain = cli({"run", "--tasks", "20", "--models", "suno", "--format", "json"});
  const auto r = cli({"run", "--tasks", "20", "--models", "suno", "--format", "json", "--out", d});
  CHECK(r.code == 0);
  CHECK(r.out == plain.out);
  CHECK(r.err.ends_with(wrote_in(d)));
  const auto shard =
      testing::write_temp("pollbench_output_shard.json",
                          cli({"run", "--tasks", "20", "--models", "suno", "--format", "json", "--shard", "0/1"}).out);
  const auto merged = cli({"merge", "--in", shard, "--out", d + "/merged", "--format", "json"});
  CHECK(merged.err.ends_with(wrote_in(d + "/merged")));
  const auto report = cli({"report", "--in", d + "/results.json", "--out", d + "/site"});
  CHECK(report.out == wrote_in(d + "/site"));
  // Without --out nothing is said.
  CHECK(plain.err.find("wrote") == std::string::npos);
}

TEST_CASE("check_writable leaves no file behind and opens no pipe") {
  const auto dir = fresh_dir("pollbench_output_probe");
  fs::create_directories(dir);
  bench::check_writable({dir / "a.json", dir / "b.json"});
  CHECK(fs::is_empty(dir));
  // Opened and closed, a pipe would end its reader's input; with no reader the open would wait.
  const auto pipe = dir / "pipe";
  REQUIRE(::mkfifo(pipe.c_str(), 0600) == 0);
  bench::check_writable({pipe});
  CHECK_THROWS_AS(bench::check_writable({dir}), InputError);
}
