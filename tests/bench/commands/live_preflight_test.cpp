#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sim/scenario.hpp"
#include "sim/server/mock_server.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/run_cli.hpp"

using namespace pollbench;
using testing::cli;

namespace {

// A server on 127.0.0.1 that takes connections and answers only when the test says so.
class HeldListener {
 public:
  HeldListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    listen(fd_, 8);
    socklen_t size = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
  }
  ~HeldListener() {
    for (int fd : held_) close(fd);
    close(fd_);
  }
  HeldListener(const HeldListener&) = delete;
  HeldListener& operator=(const HeldListener&) = delete;

  int port() const { return port_; }

  // The next connection and its request's head, within 10 s; false if none came.
  bool take_request() {
    pollfd ready{fd_, POLLIN, 0};
    if (poll(&ready, 1, 10'000) != 1) return false;
    const int fd = accept(fd_, nullptr, nullptr);
    held_.push_back(fd);
    std::string head;
    char buffer[1024];
    while (head.find("\r\n\r\n") == std::string::npos) {
      pollfd in{fd, POLLIN, 0};
      if (poll(&in, 1, 10'000) != 1) return false;
      const auto n = read(fd, buffer, sizeof buffer);
      if (n <= 0) return false;
      head.append(buffer, static_cast<std::size_t>(n));
    }
    return true;
  }
  void answer_not_found() const {
    const std::string_view answer = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    CHECK(write(held_.back(), answer.data(), answer.size()) == static_cast<ssize_t>(answer.size()));
  }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::vector<int> held_;
};

}  // namespace

TEST_CASE("run --live --target with a key the server refuses exits 2 before the run starts") {
  const std::string text = R"({"name": "preflight", "seed": 3, "tasks_per_model": 3,
    "models": [{"name": "m", "completion": {"kind": "constant", "value_s": 1}}],
    "strategies": [{"kind": "fixed_interval", "interval_ms": 500}]})";
  const auto file = testing::write_temp("pollbench_preflight.json", text);
  sim::server::ServeOptions options;
  options.time_scale = 1000;
  options.threads = 1;
  sim::server::MockServer server(sim::load_scenario_file(file), options);  // stops when the test ends
  const auto target = fmt::format("http://127.0.0.1:{}", server.start());

  const auto refused = cli({"run", "--live", "--target", target, "--api-key", "wrong", "--scenario", file});
  CHECK(refused.code == 2);
  CHECK(refused.err == "error: --api-key: the server refused the API key (HTTP 401 from " + target + ")\n");
  CHECK(refused.out.empty());

  // The right key passes the preflight and the run goes on; a trailing slash is the same target.
  const auto& key = server.api_keys().front().key;
  const auto run = cli({"run", "--live", "--target", target + "/", "--api-key", key, "--scenario", file});
  CHECK(run.code == 0);
  CHECK(run.out.find("fixed_interval") != std::string::npos);
}

TEST_CASE("run --live --target against a server that refuses every submission stops with exit 1 and the count") {
  // At 1000x a 30 s request timeout is 30 ms of wall time, which a sanitizer build's slower
  // exchanges can pass: an unanswered submission is not a refusal and the streak never
  // reaches 100. A 5,000 s timeout is 5 s of wall time.
  const std::string text = R"({"name": "refusing", "seed": 3, "tasks_per_model": 150,
    "request_timeout_s": 5000, "arrival": {"kind": "window", "window_s": 10},
    "models": [{"name": "m", "completion": {"kind": "constant", "value_s": 1}}],
    "strategies": [{"kind": "fixed_interval", "interval_ms": 500}]})";
  const auto file = testing::write_temp("pollbench_refusing.json", text);
  sim::server::ServeOptions options;
  options.time_scale = 1000;
  options.threads = 1;
  options.max_tasks_per_key = 5;  // the sixth create on: 429
  sim::server::MockServer server(sim::load_scenario_file(file), options);
  const auto target = fmt::format("http://127.0.0.1:{}", server.start());

  testing::ChildProcess run({"run", "--live", "--target", target, "--api-key", server.api_keys().front().key,
                             "--scenario", file, "--format", "json"});
  REQUIRE(run.started());
  std::string error;
  for (auto line = run.stderr_line(); !line.empty() && error.empty(); line = run.stderr_line())
    if (line.starts_with("error: ")) error = line;
  CHECK_THAT(error, Catch::StartsWith("error: the run stopped: the server refused 100 submissions in a row, the "
                                      "last with HTTP 429"));
  const auto result = nlohmann::json::parse(run.rest_of_stdout());  // what ended is kept
  CHECK(result["partial"] == true);
  CHECK_THAT(result["live"]["partial"].get<std::string>(), Catch::Contains("refused 100 submissions"));
  const int status = run.wait();
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
}

TEST_CASE("Ctrl-C ends run --live --target at once while the target holds a check unanswered") {
  for (const bool answer_the_preflight : {false, true}) {
    INFO((answer_the_preflight ? "holding GET /admin/stats" : "holding the key's preflight"));
    HeldListener target;
    testing::ChildProcess run({"run", "--live", "--target", fmt::format("http://127.0.0.1:{}", target.port()),
                               "--api-key", "k", "--tasks", "1"});
    REQUIRE(run.started());
    REQUIRE(target.take_request());
    if (answer_the_preflight) {
      target.answer_not_found();
      REQUIRE(target.take_request());
    }
    run.signal(SIGINT);
    // Its own read timeout is 30 s: ending within 1 s is Ctrl-C's doing.
    const auto status = run.wait_for(std::chrono::seconds{1});
    REQUIRE(status);
    CHECK(WIFSIGNALED(*status));
    CHECK(WTERMSIG(*status) == SIGINT);
  }
}
