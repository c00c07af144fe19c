#include "bench/commands/stop_signals.hpp"

#include <pthread.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace pollbench::bench {

StopSignals::StopSignals() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
  // A shell starting us in the background sets SIGINT to "ignore", and an ignored signal
  // is never pending: take the default back (harmless while blocked).
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

StopSignals::~StopSignals() {
  if (fd_ >= 0) {
    while (take_pending() != 0) {}
    ::close(fd_);
  }
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

int StopSignals::wait() const {
  int received = 0;
  sigwait(&signals_, &received);
  return received;
}

int StopSignals::fd() {
  if (fd_ < 0) fd_ = signalfd(-1, &signals_, SFD_CLOEXEC | SFD_NONBLOCK);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "signalfd");
  return fd_;
}

}  // namespace pollbench::bench

namespace pollbench::bench {

int StopSignals::take_pending() {
  signalfd_siginfo info{};
  if (fd_ < 0 || ::read(fd_, &info, sizeof info) != static_cast<ssize_t>(sizeof info)) return 0;
  return static_cast<int>(info.ssi_signo);
}

}  // namespace pollbench::bench
