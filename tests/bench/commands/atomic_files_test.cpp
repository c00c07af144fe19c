#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <map>

#include "bench/commands/atomic_files.hpp"
#include "sim/input_error.hpp"
#include "tests/support/run_cli.hpp"

using namespace pollbench;
using testing::cli;
using testing::read_text;
namespace fs = std::filesystem;

namespace {

// While it lives, no file this process writes may grow past `bytes`: a disk that fills up.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &previous_);
    handler_ = std::signal(SIGXFSZ, SIG_IGN);  // the write fails with EFBIG instead
    const rlimit limited{bytes, previous_.rlim_max};
    setrlimit(RLIMIT_FSIZE, &limited);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &previous_);
    std::signal(SIGXFSZ, handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit previous_{};
  void (*handler_)(int) = nullptr;
};

fs::path fresh_dir(const std::string& name) {
  const auto dir = fs::temp_directory_path() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string small_scenario() {
  return testing::write_temp("pollbench_atomic_scenario.json", R"({
    "seed": 5, "tasks_per_model": 200,
    "models": [{"name": "m", "completion": {"kind": "lognormal", "median_s": 20, "sigma": 0.6}}],
    "strategies": [{"kind": "fixed_interval", "interval_ms": 3000}]})");
}

// A folder this process may not create files in: /sys even for root, else a chmod'ed one.
fs::path read_only_folder() {
  if (geteuid() == 0) return "/sys";
  const auto dir = fresh_dir("pollbench_read_only");
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
  return dir;
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("AtomicFiles renames nothing until every file of the set is written") {
  const auto dir = fresh_dir("pollbench_atomic_set");
  testing::write_temp("pollbench_atomic_set/a.txt", "old a\n");
  {
    bench::AtomicFiles set;
    set.add(dir / "a.txt") << "new a\n";
    set.add(dir / "b.txt") << "new b\n";
    CHECK(read_text(dir / "a.txt") == "old a\n");
    CHECK(!fs::exists(dir / "b.txt"));
    set.commit();
  }
  CHECK(read_text(dir / "a.txt") == "new a\n");
  CHECK(read_text(dir / "b.txt") == "new b\n");
  CHECK(entries(dir) == std::vector<std::string>{"a.txt", "b.txt"});

  {
    bench::AtomicFiles abandoned;  // never committed: its temporaries go with it
    abandoned.add(dir / "a.txt") << "lost\n";
  }
  CHECK(read_text(dir / "a.txt") == "new a\n");
  CHECK(entries(dir) == std::vector<std::string>{"a.txt", "b.txt"});
  CHECK_THROWS_WITH(bench::AtomicFiles{}.add(dir), "cannot write " + dir.string() + ": is a directory");
}

TEST_CASE("a write into a missing - read-only or full place exits 2 with FLAG: cannot write PATH") {
  const auto scenario = small_scenario();
  const auto missing = cli({"check", "--scenario", scenario, "--update-baseline", "--baseline", "/nonexistent/b.json"});
  CHECK(missing.code == 2);
  CHECK(missing.err == "error: --baseline: cannot write /nonexistent/b.json: No such file or directory\n");

  const auto read_only = (read_only_folder() / "pollbench_b.json").string();
  const auto refused = cli({"check", "--scenario", scenario, "--update-baseline", "--baseline", read_only});
  CHECK(refused.code == 2);
  CHECK(refused.err == "error: --baseline: cannot write " + read_only + ": Permission denied\n");

  const auto dir = fresh_dir("pollbench_full_disk");
  const auto baseline = (dir / "b.json").string();
  REQUIRE(cli({"check", "--scenario", scenario, "--update-baseline", "--baseline", baseline}).code == 0);
  const auto full = cli({"check", "--scenario", scenario, "--baseline", baseline, "--junit", "/dev/full"});
  CHECK(full.code == 2);
  CHECK(full.err == "error: cannot write /dev/full: No space left on device\n");

  CHECK(cli({"run", "--tasks", "10", "--out", "/dev/null/out"}).err ==
        "error: --out: cannot write /dev/null/out: Not a directory\n");
  const auto tune = cli({"tune", "--models", "suno", "--tasks", "10", "--out", "/dev/null/out"});
  CHECK(tune.err == "error: --out: cannot write /dev/null/out: Not a directory\n");
  // The server's report is refused before the server starts.
  const auto serve = cli({"serve", "--port", "0", "--report", "/nonexistent/report.json"});
  CHECK(serve.code == 2);
  CHECK(serve.err == "error: --report: cannot write /nonexistent/report.json: No such file or directory\n");
}

TEST_CASE("check --update-baseline that cannot finish leaves the old baseline whole") {
  const auto dir = fresh_dir("pollbench_kept_baseline");
  const auto baseline = testing::write_temp("pollbench_kept_baseline/b.json", "the old baseline\n");
  const auto scenario = small_scenario();
  testing::Outcome r;
  {
    const FileSizeLimit disk_full(100);
    r = cli({"check", "--scenario", scenario, "--update-baseline", "--baseline", baseline});
  }
  CHECK(r.code == 2);
  CHECK(r.err == "error: cannot write " + baseline + ": File too large\n");
  CHECK(read_text(baseline) == "the old baseline\n");
  CHECK(entries(dir) == std::vector<std::string>{"b.json"});
}

TEST_CASE("run --out never leaves a mix of two runs") {
  const auto dir = fresh_dir("pollbench_never_mixed");
  const std::vector<std::string> names = {"report.html", "results.csv", "results.json", "results.md"};
  auto run = [&](const char* seed) {
    return cli({"run", "--tasks", "100", "--models", "flux-2", "--seed", seed, "--out", dir.string()});
  };
  REQUIRE(run("1").code == 0);
  std::map<std::string, std::string> first;
  for (const auto& name : names) first[name] = read_text(dir / name);

  // The Markdown and the CSV, written first, are small: their temporaries fill, then the JSON's fails.
  const auto limit = fs::file_size(dir / "results.json") / 2;
  for (const char* small : {"results.md", "results.csv"}) REQUIRE(fs::file_size(dir / small) < limit);
  testing::Outcome failed;
  {
    const FileSizeLimit disk_full(limit);
    failed = run("2");
  }
  CHECK(failed.code == 2);
  CHECK(failed.err == "error: cannot write " + (dir / "results.json").string() + ": File too large\n");
  for (const auto& name : names) CHECK(read_text(dir / name) == first[name]);
  CHECK(entries(dir) == names);  // no temporaries left behind

  REQUIRE(run("2").code == 0);
  for (const auto& name : names) CHECK(read_text(dir / name) != first[name]);
}

TEST_CASE("results that cannot reach stdout exit 2 with a message") {
  std::ostream broken(nullptr);  // every write fails
  std::ostringstream err;
  CHECK(testing::cli_to({"scenario"}, broken, err) == 2);
  CHECK(err.str() == "error: cannot write standard output: the write failed\n");

  const auto err_file = fs::temp_directory_path() / "pollbench_dev_full.err";
  const auto command = std::string(POLLBENCH_BINARY) + " run --tasks 10 > /dev/full 2> " + err_file.string();
  const int status = std::system(command.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(read_text(err_file) == "error: cannot write standard output: No space left on device\n");
}
