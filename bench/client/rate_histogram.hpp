#pragma once
// Status requests per bin of run time, for the pair's request rates. Bins are one second
// wide until a run spans more than max_bins seconds (about 12 days); then they double in
// width as often as it takes, so memory stays bounded whatever a scenario's times, and
// a rate becomes the busiest bin's mean (docs/metrics.md).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

#include "sim/percentile.hpp"
#include "sim/time.hpp"

namespace pollbench::bench {

class RateHistogram {
 public:
  static constexpr std::size_t max_bins = std::size_t{1} << 20;

  // Requests come in any order: a task's whole run is simulated before the next task's.
  void add(sim::Time at) {
    const auto second = static_cast<std::uint64_t>(
        std::max<std::int64_t>(0, std::chrono::floor<std::chrono::seconds>(at.time_since_epoch()).count()));
    // A bin is 2^shift_ seconds wide: a shift, not a division, on every request.
    while ((second >> shift_) >= max_bins) coarsen();
    const auto bin = static_cast<std::size_t>(second >> shift_);
    if (bin >= bins_.size()) bins_.resize(std::min(max_bins, bin + 1 + bins_.size() / 2), 0);
    ++bins_[bin];
  }

  // Adds the requests another histogram counted: the bins are those of one histogram
  // that counted them all, up to empty bins at the end (bins() may be longer or shorter).
  void merge(const RateHistogram& other) {
    if (other.shift_ < shift_) {  // theirs are the finer bins: a coarsened copy
      auto theirs = other;
      while (theirs.shift_ < shift_) theirs.coarsen();
      merge(theirs);
      return;
    }
    while (shift_ < other.shift_) coarsen();
    if (other.bins_.size() > bins_.size()) bins_.resize(other.bins_.size(), 0);
    for (std::size_t i = 0; i < other.bins_.size(); ++i) bins_[i] += other.bins_[i];
  }

  // Requests a second in the busiest bin.
  double peak() const {
    const auto most = bins_.empty() ? std::uint64_t{0} : *std::max_element(bins_.begin(), bins_.end());
    return per_second(most);
  }
  // The 99th percentile (nearest rank) of the bins' rates from the first request to the
  // last: what the server sustains, not its single worst second.
  double p99() const {
    const auto first = std::find_if(bins_.begin(), bins_.end(), [](auto b) { return b > 0; });
    const auto last = std::find_if(bins_.rbegin(), bins_.rend(), [](auto b) { return b > 0; }).base();
    if (first >= last) return 0;
    std::vector<std::uint64_t> active(first, last);
    std::sort(active.begin(), active.end());
    return per_second(sim::nearest_rank(active, 0.99));
  }

  // Up to the last request's bin at least: bins grow ahead of the requests, so the
  // empty bins at the end depend on the order they came in.
  const std::vector<std::uint64_t>& bins() const { return bins_; }
  std::uint64_t width_s() const { return std::uint64_t{1} << shift_; }

 private:
  double per_second(std::uint64_t count) const { return static_cast<double>(count) / static_cast<double>(width_s()); }

  void coarsen() {
    for (std::size_t i = 0; i < bins_.size(); ++i) bins_[i / 2] = (i % 2 == 0 ? 0 : bins_[i / 2]) + bins_[i];
    bins_.resize((bins_.size() + 1) / 2);
    ++shift_;
  }

  std::vector<std::uint64_t> bins_;
  unsigned shift_ = 0;
};

}  // namespace pollbench::bench
