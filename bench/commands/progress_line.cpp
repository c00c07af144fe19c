#include "bench/commands/progress_line.hpp"

#include <fmt/format.h>

namespace pollbench::bench {

ProgressLine::ProgressLine(std::ostream& out, bool enabled, Clock now)
    : out_(out), enabled_(enabled), now_(std::move(now)), start_(now_()) {}

void ProgressLine::update(std::size_t done, std::size_t total) {
  if (!enabled_ || total == 0) return;
  const std::chrono::duration<double> spent = now_() - start_;
  if (spent.count() < 2.0) return;
  const double fraction = static_cast<double>(done) / static_cast<double>(total);
  const double left_s = fraction > 0 ? spent.count() * (1 - fraction) / fraction : 0;
  out_ << fmt::format("\r{}/{} pairs, {:.0f}%, about {:.0f} s left ", done, total, 100 * fraction, left_s)
       << std::flush;
  drawn_ = true;
}

void ProgressLine::finish() {
  if (drawn_) out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace pollbench::bench
