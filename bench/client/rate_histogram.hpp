#pragma once
// Status requests per bin of run time, for the pair's request rates, and the time
// connections were open in each bin, for its peak of open connections. Bins are one second
// wide until a run spans more than max_bins seconds (about 12 days); then they double in
// width as often as it takes, so memory stays bounded whatever a scenario's times, and
// a rate becomes the busiest bin's mean (docs/metrics.md). Every count is an integer, so
// histograms of blocks of tasks merge into exactly the whole's.

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/percentile.hpp"
#include "sim/time.hpp"

namespace pollbench::bench {

class RateHistogram {
 public:
  static constexpr std::size_t max_bins = std::size_t{1} << 20;

  // Requests come in any order: a task's whole run is simulated before the next task's.
  // A request sent at `sent` and answered at `answered` counts in its sending bin, and
  // holds a connection in between.
  void request(sim::Time sent, sim::Time answered) {
    if (answered <= sent) {  // answered at once (no response time): one bin, no connection time
      ++bins_[bin_of(sent)];
      return;
    }
    const auto last = bin_of(answered);  // first: it may coarsen the bins
    const auto first = bin_within(sent);
    ++bins_[first];
    hold_bins(sent, answered, first, last);
  }
  void add(sim::Time at) { request(at, at); }

  // A connection open from `from` to `to`: its microseconds in each bin, the bins it
  // covers whole kept as a difference of counts so that an hour-long stream costs two adds.
  void hold(sim::Time from, sim::Time to) {
    if (to <= from) return;
    const auto last = bin_of(to);
    hold_bins(from, to, bin_within(from), last);
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
    if (other.bins_.size() > bins_.size()) grow(other.bins_.size());
    for (std::size_t i = 0; i < other.bins_.size(); ++i) {
      bins_[i] += other.bins_[i];
      held_[i] += other.held_[i];
      whole_[i] += other.whole_[i];
    }
  }

  // Connections open at once in the busiest bin, on average over it.
  double peak_connections() const {
    std::uint64_t most = 0;
    std::int64_t covering = 0;
    for (std::size_t i = 0; i < bins_.size(); ++i) {
      covering += whole_[i];
      most = std::max(most, held_[i] + static_cast<std::uint64_t>(covering) * width_us());
    }
    return static_cast<double>(most) / static_cast<double>(width_us());
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
  std::uint64_t width_us() const { return width_s() * 1'000'000; }

  // The whole second a moment falls in; a moment before the start is in the first.
  static std::uint64_t second_of(sim::Time at) {
    const auto us = at.time_since_epoch().count();
    return us <= 0 ? 0 : static_cast<std::uint64_t>(us) / 1'000'000;
  }
  // The bin of a moment, the bins grown (or coarsened) to hold it. A bin is 2^shift_
  // seconds wide: a shift, not a division, on every request, and one compare when the
  // bin is there already.
  std::size_t bin_of(sim::Time at) {
    const auto second = second_of(at);
    const auto bin = static_cast<std::size_t>(second >> shift_);
    return bin < bins_.size() ? bin : make_room(second);
  }
  std::size_t make_room(std::uint64_t second) {
    while ((second >> shift_) >= max_bins) coarsen();
    const auto bin = static_cast<std::size_t>(second >> shift_);
    if (bin >= bins_.size()) grow(std::min(max_bins, bin + 1 + bins_.size() / 2));
    return bin;
  }
  // The bin of a moment no later than one bin_of() has made room for.
  std::size_t bin_within(sim::Time at) const { return static_cast<std::size_t>(second_of(at) >> shift_); }

  void hold_bins(sim::Time from, sim::Time to, std::size_t first, std::size_t last) {
    if (to <= from) return;
    const auto us = [](sim::Time t) {
      return static_cast<std::uint64_t>(std::max<std::int64_t>(0, t.time_since_epoch().count()));
    };
    const auto start_of = [&](std::size_t bin) { return static_cast<std::uint64_t>(bin) * width_us(); };
    if (first == last) {
      held_[first] += us(to) - us(from);
      return;
    }
    held_[first] += start_of(first + 1) - us(from);
    held_[last] += us(to) - start_of(last);
    if (last > first + 1) {
      ++whole_[first + 1];
      --whole_[last];
    }
  }

  void grow(std::size_t size) {
    bins_.resize(size, 0);
    held_.resize(size, 0);
    whole_.resize(size, 0);
  }

  void coarsen() {
    // Whole bins first become microseconds of their own bins: a pair of fine bins is not
    // a whole coarse one.
    std::int64_t covering = 0;
    for (std::size_t i = 0; i < bins_.size(); ++i) {
      covering += std::exchange(whole_[i], 0);
      held_[i] += static_cast<std::uint64_t>(covering) * width_us();
    }
    for (auto* v : {&bins_, &held_})
      for (std::size_t i = 0; i < v->size(); ++i) (*v)[i / 2] = (i % 2 == 0 ? 0 : (*v)[i / 2]) + (*v)[i];
    grow((bins_.size() + 1) / 2);
    ++shift_;
  }

  std::vector<std::uint64_t> bins_;
  std::vector<std::uint64_t> held_;  // microseconds of connections in the bin, beyond whole_'s
  std::vector<std::int64_t> whole_;  // differences of the count of connections covering bins whole
  unsigned shift_ = 0;
};

}  // namespace pollbench::bench
