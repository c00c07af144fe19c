#pragma once
// Where the commands' results go: stdout in one format, and every format into --out.

#include <ostream>
#include <string>

#include "reports/result_record.hpp"
#include "reports/tune_record.hpp"
#include "reports/tune_reporter.hpp"

namespace pollbench::bench {

// format: table, markdown, json, csv or html.
void write_format(const std::string& format, const reports::RunResult& run, std::ostream& out);

// results.json, results.md, results.csv and report.html, into a directory made if need be,
// as one set: either all four are new or all are as they were (bench/commands/atomic_files.hpp).
void write_out_dir(const std::string& dir, const reports::RunResult& run);

// The tune table or JSON on `out`; with a directory, tune.json and polling-config.json in it,
// as one set.
void write_tune(const reports::TuneResult& result, const std::string& format, const std::string& out_dir,
                std::ostream& out);

}  // namespace pollbench::bench
