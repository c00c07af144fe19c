#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <ios>
#include <nlohmann/json.hpp>
#include <new>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "bench/commands/cli.hpp"
#include "sim/input_error.hpp"

using namespace pollbench;

namespace {

struct Ending {
  int code;
  std::string err;
};

template <class Command>
Ending ending_of(Command command) {
  std::ostringstream err;
  const int code = bench::exit_code_of(command, err);
  return {code, err.str()};
}

}  // namespace

TEST_CASE("bad input exits 2 - any other exception is an internal error with exit 3 - never an abort") {
  CHECK(ending_of([] { return 1; }).code == 1);
  const auto input = ending_of([]() -> int { throw InputError("--tasks", "must be at least 1"); });
  CHECK(input.code == 2);
  CHECK(input.err == "error: --tasks: must be at least 1\n");

  const auto bad_alloc = ending_of([]() -> int { throw std::bad_alloc(); });
  CHECK(bad_alloc.code == 3);
  CHECK(bad_alloc.err == "internal error: std::bad_alloc\n");
  const auto length = ending_of([]() -> int { return static_cast<int>(std::vector<double>(SIZE_MAX).size()); });
  CHECK(length.code == 3);
  CHECK(length.err.starts_with("internal error: cannot create std::vector larger than max_size()"));
  const auto io = ending_of([]() -> int { throw std::ios_base::failure("basic_filebuf::underflow"); });
  CHECK(io.code == 3);
  CHECK(io.err.starts_with("internal error: basic_filebuf::underflow"));
  const auto json = ending_of([] { return nlohmann::json("text").get<int>(); });
  CHECK(json.code == 3);
  CHECK(json.err == "internal error: [json.exception.type_error.302] type must be number, but is string\n");
  const auto unknown = ending_of([]() -> int { throw 42; });
  CHECK(unknown.code == 3);
  CHECK(unknown.err == "internal error: an exception of unknown type\n");
}

TEST_CASE("an exception that leaves a thread ends the process with internal error and exit 3") {
  int err[2];
  REQUIRE(pipe(err) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    dup2(err[1], STDERR_FILENO);
    bench::end_on_terminate_with_code_3();
    std::thread([] { throw std::runtime_error("lost in a thread"); }).join();
    _exit(0);
  }
  close(err[1]);
  std::string said;
  char c = 0;
  while (read(err[0], &c, 1) == 1) said += c;
  close(err[0]);
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 3);
  CHECK(said == "internal error: lost in a thread\n");
}
