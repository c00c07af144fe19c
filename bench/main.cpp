#include <iostream>

#include "bench/commands/cli.hpp"

int main(int argc, char** argv) { return pollbench::bench::run_cli(argc, argv, std::cout, std::cerr); }
