#pragma once
// SIGINT and SIGTERM blocked from before any thread starts until the results are
// written: every thread inherits the mask, so the signals wait for whoever asks for them
// (sigwait, or a signalfd on an event loop) instead of killing the process mid-request,
// and a second Ctrl-C while shutting down cannot lose the output.

#include <csignal>

namespace pollbench::bench {

class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Blocks until one arrives; returns which.
  int wait() const;
  // Readable once one is pending, for an event loop to watch.
  int fd();
  // Consumes a signal pending on fd(): which one, or 0 for none. The destructor consumes
  // the rest, so restoring the mask cannot kill the process after all.
  int take_pending();
  const char* name_of(int signal) const { return signal == SIGINT ? "SIGINT" : "SIGTERM"; }

 private:
  sigset_t signals_;
  sigset_t previous_;
  int fd_ = -1;
};

}  // namespace pollbench::bench
