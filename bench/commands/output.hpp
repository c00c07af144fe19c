#pragma once
// Where the commands' results go: stdout in one format, and every format into --out.

#include <functional>
#include <ostream>
#include <string>

#include "reports/result_record.hpp"
#include "reports/tune_record.hpp"
#include "reports/tune_reporter.hpp"

namespace pollbench::bench {

// `write` fills the file; InputError names `flag` when the file cannot be opened.
void write_file(const std::string& file, const std::string& flag, const std::function<void(std::ostream&)>& write);

// format: table, markdown, json, csv or html.
void write_format(const std::string& format, const reports::RunResult& run, std::ostream& out);

// results.json, results.md, results.csv and report.html, into a directory made if need be.
void write_out_dir(const std::string& dir, const reports::RunResult& run);

// The tune table or JSON on `out`; with a directory, tune.json and polling-config.json in it.
void write_tune(const reports::TuneResult& result, const std::string& format, const std::string& out_dir,
                std::ostream& out);

}  // namespace pollbench::bench
