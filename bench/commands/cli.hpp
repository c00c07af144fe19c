#pragma once
// The pollbench command line, callable from tests with streams of their own.

#include <functional>
#include <ostream>

namespace pollbench::bench {

// Returns the process exit code: 0 ok, 1 what a command calls a failure (check: worse),
// 2 bad input or output that could not be written (after "error: ..."), 3 a bug of ours
// (after "internal error: ..."). No exception leaves it.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// What `command` returns; for an exception, the line on `err` and the code run_cli gives:
// InputError 2, any other 3 (std::bad_alloc, std::length_error, std::ios_base::failure,
// nlohmann::json::exception, ...).
int exit_code_of(const std::function<int()>& command, std::ostream& err);

// For what no try block sees (an exception leaving a thread, or a noexcept function):
// std::terminate prints "internal error: ..." on stderr and exits 3 instead of aborting.
void end_on_terminate_with_code_3();

}  // namespace pollbench::bench
