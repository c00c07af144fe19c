#pragma once
// Where the commands' results go: stdout in one format, and every format into --out.

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "reports/result_record.hpp"
#include "reports/tune_record.hpp"
#include "reports/tune_reporter.hpp"

namespace pollbench::bench {

// format: table, markdown, json, csv or html.
void write_format(const std::string& format, const reports::RunResult& run, std::ostream& out);

// results.json, results.md, results.csv and report.html, into a directory made if need be,
// as one set: either all four are new or all are as they were (bench/commands/atomic_files.hpp).
// Returns their paths.
std::vector<std::filesystem::path> write_out_dir(const std::string& dir, const reports::RunResult& run);

// The tune table or JSON on `out`; with a directory, tune.json and polling-config.json in it,
// as one set. Returns the paths of the files written.
std::vector<std::filesystem::path> write_tune(const reports::TuneResult& result, const std::string& format,
                                              const std::string& out_dir, std::ostream& out);

// Checked before a run rather than after it: makes `dir` if need be and fails, naming
// `flag`, when a file that write_out_dir (check_results_dir) or write_tune (check_tune_dir)
// puts there could not be written. Nothing for an empty `dir`.
void check_results_dir(const std::string& flag, const std::string& dir);
void check_tune_dir(const std::string& flag, const std::string& dir);
// The same for a flag naming one file.
void check_out_file(const std::string& flag, const std::string& file);

// "wrote a, b and c" on `out`; nothing when no file was written.
void say_written(const std::vector<std::filesystem::path>& files, std::ostream& out);

}  // namespace pollbench::bench
