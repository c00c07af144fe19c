#include "bench/commands/output.hpp"

#include <utility>

#include "bench/commands/atomic_files.hpp"
#include "reports/reporters.hpp"
#include "sim/input_error.hpp"

namespace pollbench::bench {

namespace fs = std::filesystem;

namespace {

// A run's --out directory: each format's file, the small ones first.
const std::vector<std::pair<std::string, std::string>> result_files = {
    {"markdown", "results.md"}, {"csv", "results.csv"}, {"json", "results.json"}, {"html", "report.html"}};
const std::vector<std::string> tune_files = {"tune.json", "polling-config.json"};

fs::path out_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw InputError("cannot write " + dir, ec.message());
  return dir;
}

// `check` with its InputError put under `flag`: "--out: cannot write /proc/nope: ...".
void under_flag(const std::string& flag, const std::function<void()>& check) {
  try {
    check();
  } catch (const InputError& e) {
    throw InputError(flag, e.what());
  }
}

void check_dir(const std::string& flag, const std::string& dir, const std::vector<std::string>& names) {
  if (dir.empty()) return;
  under_flag(flag, [&] {
    const auto path = out_dir(dir);
    std::vector<fs::path> targets;
    for (const auto& name : names) targets.push_back(path / name);
    check_writable(targets);
  });
}

}  // namespace

void write_format(const std::string& format, const reports::RunResult& run, std::ostream& out) {
  if (format == "table") reports::TableReporter{}.write(run, out);
  if (format == "markdown") reports::MarkdownReporter{}.write(run, out);
  if (format == "json") reports::JsonReporter{}.write(run, out);
  if (format == "csv") reports::CsvReporter{}.write(run, out);
  if (format == "html") reports::HtmlReporter{}.write(run, out);
}

std::vector<fs::path> write_out_dir(const std::string& dir, const reports::RunResult& run) {
  const auto path = out_dir(dir);
  std::vector<fs::path> written;
  AtomicFiles set;
  for (const auto& [format, name] : result_files) {
    written.push_back(path / name);
    write_format(format, run, set.add(written.back()));
  }
  set.commit();
  return written;
}

std::vector<fs::path> write_tune(const reports::TuneResult& result, const std::string& format, const std::string& dir,
                                 std::ostream& out) {
  if (format == "json")
    out << reports::tune_json(result).dump(2) << '\n';
  else
    reports::write_tune_table(result, out, format == "markdown");
  if (dir.empty()) return {};
  const auto path = out_dir(dir);
  const std::vector<fs::path> written = {path / tune_files[0], path / tune_files[1]};
  AtomicFiles set;
  set.add(written[0]) << reports::tune_json(result).dump(2) << '\n';
  set.add(written[1]) << reports::polling_config_json(result).dump(2) << '\n';
  set.commit();
  return written;
}

void check_results_dir(const std::string& flag, const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& [format, name] : result_files) names.push_back(name);
  check_dir(flag, dir, names);
}

void check_tune_dir(const std::string& flag, const std::string& dir) { check_dir(flag, dir, tune_files); }

void check_out_file(const std::string& flag, const std::string& file) {
  if (!file.empty()) under_flag(flag, [&] { check_writable({file}); });
}

void say_written(const std::vector<fs::path>& files, std::ostream& out) {
  if (files.empty()) return;
  std::string list;
  for (std::size_t i = 0; i < files.size(); ++i)
    list += (i == 0 ? "" : i + 1 == files.size() ? " and " : ", ") + files[i].string();
  out << "wrote " << list << '\n';
}

}  // namespace pollbench::bench
