#include "bench/value_histogram.hpp"

#include <algorithm>
#include <bit>
#include <boost/histogram/unsafe_access.hpp>
#include <cmath>

namespace pollbench::bench {

double WideSum::value() const { return static_cast<double>(high) * 0x1p64 + static_cast<double>(low); }

long double SquareSum::value() const {
  return static_cast<long double>(high) * 0x1p128L + static_cast<long double>(low);
}

int ValueHistogram::Axis::index(std::uint64_t value) const {
  if (value < linear) return static_cast<int>(value);
  // The top sub_bits + 1 bits of the value, and how far they were shifted.
  const auto shift = static_cast<unsigned>(std::bit_width(value)) - sub_bits - 1;
  const auto top = value >> shift;  // in [linear / 2, linear)
  return static_cast<int>(linear + (shift - 1) * (linear / 2) + (top - linear / 2));
}

std::uint64_t ValueHistogram::Axis::value(int index) const {
  const auto i = static_cast<std::uint64_t>(index);
  if (i < linear) return i;
  const auto shift = (i - linear) / (linear / 2) + 1;
  const auto top = linear / 2 + (i - linear) % (linear / 2);
  return top << shift;
}

void ValueHistogram::add(std::uint64_t value) {
  // Straight to the bucket: Boost's fill would check and linearise an index that the
  // axis, with no flow bins, already gives exactly.
  ++boost::histogram::unsafe_access::storage(histogram_)[static_cast<std::size_t>(Axis{}.index(value))];
  ++count_;
  sum_.add(value);
  squares_.add(value);
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
}

void ValueHistogram::merge(const ValueHistogram& other) {
  if (other.count_ == 0) return;
  // Only the buckets from the other's smallest value to its largest can hold counts: a
  // block's values span a few thousand of the 56,320.
  auto& mine = boost::histogram::unsafe_access::storage(histogram_);
  const auto& theirs = boost::histogram::unsafe_access::storage(other.histogram_);
  for (auto i = static_cast<std::size_t>(Axis{}.index(other.min_)),
            last = static_cast<std::size_t>(Axis{}.index(other.max_));
       i <= last; ++i)
    mine[i] += theirs[i];
  count_ += other.count_;
  sum_.add(other.sum_);
  squares_.add(other.squares_);
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

double ValueHistogram::mean() const { return count_ == 0 ? 0 : sum_.value() / static_cast<double>(count_); }

double ValueHistogram::standard_deviation() const {
  if (count_ < 2) return 0;
  // In long double (64-bit mantissa): the difference of two large, close sums keeps its digits.
  const auto n = static_cast<long double>(count_);
  const auto sum = static_cast<long double>(sum_.high) * 0x1p64L + static_cast<long double>(sum_.low);
  const auto spread = squares_.value() - sum * sum / n;
  return static_cast<double>(std::sqrt(std::max(0.0L, spread / (n - 1))));
}

std::vector<double> ValueHistogram::quantiles(std::span<const double> shares) const {
  std::vector<double> out;
  if (count_ == 0) {
    out.assign(shares.size(), 0.0);
    return out;
  }
  const auto& axis = histogram_.axis();
  std::uint64_t below = 0;
  // No bucket below the smallest value's holds a count: the walk starts at its bucket
  // (2,048 + 22 x 1,024 buckets up for a whole request in RowTally's units).
  int index = axis.index(min_);
  auto bucket = histogram_.begin() + index;
  for (double share : shares) {
    const auto rank = std::clamp<std::uint64_t>(
        static_cast<std::uint64_t>(std::ceil(share * static_cast<double>(count_))), 1, count_);
    if (rank == 1) {
      out.push_back(static_cast<double>(min_));
      continue;
    }
    if (rank == count_) {
      out.push_back(static_cast<double>(max_));
      continue;
    }
    // Walk on to the bucket that holds the rank-th value; `below` counts the values in
    // the buckets before `bucket` and in it.
    while (below < rank) {
      below += static_cast<std::uint64_t>(static_cast<double>(*bucket++));
      ++index;
    }
    out.push_back(static_cast<double>(std::max(min_, axis.value(index - 1))));
  }
  return out;
}

}  // namespace pollbench::bench
