#pragma once
// A one-line progress display with an estimate, for runs longer than about two seconds.
// Silent unless enabled (the CLI enables it only when stderr is a terminal).

#include <chrono>
#include <functional>
#include <ostream>

namespace pollbench::bench {

class ProgressLine {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  ProgressLine(std::ostream& out, bool enabled, Clock now = std::chrono::steady_clock::now);

  // Redraws the line if two seconds have passed since the start.
  void update(std::size_t done, std::size_t total);
  // Clears the line if one was drawn.
  void finish();

 private:
  std::ostream& out_;
  bool enabled_;
  Clock now_;
  std::chrono::steady_clock::time_point start_;
  bool drawn_ = false;
};

}  // namespace pollbench::bench
