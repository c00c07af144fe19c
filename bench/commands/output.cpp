#include "bench/commands/output.hpp"

#include <filesystem>
#include <map>

#include "bench/commands/atomic_files.hpp"
#include "reports/reporters.hpp"
#include "sim/input_error.hpp"

namespace pollbench::bench {

namespace {

std::filesystem::path out_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw InputError("cannot write " + dir, ec.message());
  return dir;
}

}  // namespace

void write_format(const std::string& format, const reports::RunResult& run, std::ostream& out) {
  if (format == "table") reports::TableReporter{}.write(run, out);
  if (format == "markdown") reports::MarkdownReporter{}.write(run, out);
  if (format == "json") reports::JsonReporter{}.write(run, out);
  if (format == "csv") reports::CsvReporter{}.write(run, out);
  if (format == "html") reports::HtmlReporter{}.write(run, out);
}

void write_out_dir(const std::string& dir, const reports::RunResult& run) {
  const auto path = out_dir(dir);
  const std::map<std::string, std::string> files = {
      {"json", "results.json"}, {"markdown", "results.md"}, {"csv", "results.csv"}, {"html", "report.html"}};
  AtomicFiles set;
  for (const auto& [format, name] : files) write_format(format, run, set.add(path / name));
  set.commit();
}

void write_tune(const reports::TuneResult& result, const std::string& format, const std::string& dir,
                std::ostream& out) {
  if (format == "json")
    out << reports::tune_json(result).dump(2) << '\n';
  else
    reports::write_tune_table(result, out, format == "markdown");
  if (dir.empty()) return;
  const auto path = out_dir(dir);
  AtomicFiles set;
  set.add(path / "tune.json") << reports::tune_json(result).dump(2) << '\n';
  set.add(path / "polling-config.json") << reports::polling_config_json(result).dump(2) << '\n';
  set.commit();
}

}  // namespace pollbench::bench
