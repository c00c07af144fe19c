#pragma once
// The pollbench command line, callable from tests with streams of their own.

#include <ostream>

namespace pollbench::bench {

// Returns the process exit code: 0 ok, 2 bad input or output that could not be written
// (after printing "error: ...").
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace pollbench::bench
