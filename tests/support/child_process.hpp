#pragma once
// The pollbench binary run as a child process with its stdout and stderr piped back, so
// tests can read what it prints, signal it, and reap it; a test that fails midway still
// kills it when the object goes out of scope.

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <optional>
#include <string>
#include <vector>

namespace pollbench::testing {

class ChildProcess {
 public:
  // `args` follow the binary's name. A shell's background job has SIGINT ignored; with
  // `ignore_sigint` the child starts that way, to check it takes the signal back.
  explicit ChildProcess(const std::vector<std::string>& args, bool ignore_sigint = false) {
    int out[2], err[2];
    if (pipe(out) != 0 || pipe(err) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      dup2(err[1], STDERR_FILENO);
      for (int fd : {out[0], out[1], err[0], err[1]}) close(fd);
      if (ignore_sigint) std::signal(SIGINT, SIG_IGN);
      std::vector<char*> argv{const_cast<char*>(POLLBENCH_BINARY)};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(POLLBENCH_BINARY, argv.data());
      _exit(127);
    }
    close(out[1]);
    close(err[1]);
    out_ = out[0];
    err_ = err[0];
  }
  ~ChildProcess() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    for (int fd : {out_, err_})
      if (fd >= 0) close(fd);
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  // One line without its newline; empty at the end of the stream.
  std::string stdout_line() { return line_of(out_); }
  std::string stderr_line() { return line_of(err_); }
  std::string rest_of_stdout() {
    std::string all;
    char buffer[4096];
    for (ssize_t n; (n = read(out_, buffer, sizeof buffer)) > 0;) all.append(buffer, static_cast<std::size_t>(n));
    return all;
  }

  void signal(int number) const { ::kill(pid_, number); }

  // Waits at most `limit` for the child to end (its stdout closes), dropping what it
  // prints; its wait status, or none if it is still running.
  std::optional<int> wait_for(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    pollfd readable{out_, POLLIN, 0};
    char buffer[4096];
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || poll(&readable, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
      if (read(out_, buffer, sizeof buffer) <= 0) return wait();
    }
  }

  // Waits for the child's end; its wait status.
  int wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    return status;
  }

 private:
  static std::string line_of(int fd) {
    std::string line;
    char c = 0;
    while (read(fd, &c, 1) == 1 && c != '\n') line += c;
    return line;
  }

  pid_t pid_ = -1;
  int out_ = -1, err_ = -1;
  bool reaped_ = false;
};

}  // namespace pollbench::testing
