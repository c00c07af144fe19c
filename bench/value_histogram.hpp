#pragma once
// A streaming, mergeable distribution of non-negative integer values (microseconds,
// fractions of a request), for the percentiles of a result row without keeping its
// values. A Boost.Histogram over log-linear buckets: one per value below 2,048, then
// 1,024 per doubling, so a bucket is less than 1/1,024 of its lower edge wide. A
// percentile is the lower edge of its bucket: at most 0.1% below the exact nearest-rank
// percentile, exact when the value is the edge (values below 2,048 are, and so is any
// whole number of requests below 1,024 in the units of RowTally), and the smallest and
// largest values are kept exactly. Counts, the sum and the sum of squares are integers,
// so histograms merged in any grouping give the same figures, bit for bit, as one that
// saw every value.

#include <boost/histogram/histogram.hpp>
#include <boost/histogram/unlimited_storage.hpp>
#include <cstdint>
#include <limits>
#include <span>
#include <tuple>
#include <vector>

namespace pollbench::bench {

// A sum of 64-bit values that cannot overflow: 128 bits in two words.
struct WideSum {
  std::uint64_t high = 0, low = 0;

  void add(std::uint64_t value) {
    low += value;
    high += low < value;
  }
  void add(const WideSum& other) {
    add(other.low);
    high += other.high;
  }
  double value() const;
};

// A sum of squares of 64-bit values that cannot overflow: 192 bits, for the standard deviation.
struct SquareSum {
  __extension__ using Wide = unsigned __int128;
  Wide low = 0;
  std::uint64_t high = 0;

  void add(std::uint64_t value) { add_wide(static_cast<Wide>(value) * value); }
  void add(const SquareSum& other) {
    add_wide(other.low);
    high += other.high;
  }
  long double value() const;

 private:
  void add_wide(Wide value) {
    low += value;
    high += low < value;
  }
};

class ValueHistogram {
 public:
  void add(std::uint64_t value);
  void merge(const ValueHistogram& other);

  std::uint64_t count() const { return count_; }
  // The mean of every value (exact sum, one rounding); 0 when empty.
  double mean() const;
  // The sample standard deviation (n - 1 in the denominator); 0 for fewer than two values.
  double standard_deviation() const;
  // For each of `shares` (ascending), the nearest rank: the smallest value with at least
  // that share of the values at or below it, as its bucket's lower edge; 0 when empty.
  // One pass over the buckets.
  std::vector<double> quantiles(std::span<const double> shares) const;

  // Log-linear bucket numbers, as a Boost.Histogram axis of its own.
  struct Axis {
    static constexpr unsigned sub_bits = 10;                               // 1,024 buckets per doubling
    static constexpr std::uint64_t linear = std::uint64_t{2} << sub_bits;  // one bucket per value below
    static constexpr int size() { return static_cast<int>(linear + (64 - sub_bits - 1) * (linear / 2)); }
    static constexpr unsigned options() { return 0; }  // no flow bins: every value has a bucket

    int index(std::uint64_t value) const;
    std::uint64_t value(int index) const;  // a bucket's lower edge, Boost's name for it
    bool operator==(const Axis&) const { return true; }
  };

 private:
  // Counts only: 56,320 buckets of one byte each until a count needs more.
  boost::histogram::histogram<std::tuple<Axis>, boost::histogram::unlimited_storage<>> histogram_{
      std::make_tuple(Axis{})};
  std::uint64_t count_ = 0;
  WideSum sum_;
  SquareSum squares_;
  std::uint64_t min_ = std::numeric_limits<std::uint64_t>::max(), max_ = 0;
};

}  // namespace pollbench::bench
