#include <unistd.h>

#include <iostream>

#include "bench/commands/checked_output.hpp"
#include "bench/commands/cli.hpp"

int main(int argc, char** argv) {
  pollbench::bench::end_on_terminate_with_code_3();
  pollbench::bench::CheckedOutput stdout_buffer(STDOUT_FILENO);
  std::ostream out(&stdout_buffer);
  return pollbench::bench::run_cli(argc, argv, out, std::cerr);
}
