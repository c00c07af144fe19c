#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "bench/value_histogram.hpp"
#include "sim/percentile.hpp"

using namespace pollbench;
using bench::ValueHistogram;

namespace {

ValueHistogram of(const std::vector<std::uint64_t>& values) {
  ValueHistogram h;
  for (auto v : values) h.add(v);
  return h;
}

// Lognormal-like values from 1 to about 10^13, the span of microseconds a latency takes
// (shifts of 20 to 63: a shift of 64 or more is undefined, which UBSan caught).
std::vector<std::uint64_t> spread_values(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<std::uint64_t> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(std::uint64_t{1} + (random() >> (random() % 44 + 20)));
  return out;
}

double quantile(const ValueHistogram& h, double share) { return h.quantiles(std::vector{share}).front(); }

}  // namespace

TEST_CASE("value histogram: buckets are contiguous, exact below 2,048 and under 1/1,024 wide above") {
  const ValueHistogram::Axis axis;
  CHECK(axis.index(0) == 0);
  CHECK(axis.index(2047) == 2047);
  CHECK(axis.index(2048) == 2048);
  CHECK(axis.index(2049) == 2048);  // 2048 and 2049 share a bucket two wide
  CHECK(axis.index(2050) == 2049);
  CHECK(axis.index(UINT64_MAX) == axis.size() - 1);
  CHECK(axis.value(2049) == 2050);
  CHECK(axis.value(axis.index(UINT64_MAX)) == UINT64_MAX - (UINT64_MAX >> 11));
  for (std::uint64_t v = 1; v < (std::uint64_t{1} << 62); v = v * 3 + 1) {
    INFO(v);
    CHECK(axis.index(v + 1) - axis.index(v) <= 1);
    CHECK(axis.value(axis.index(v)) <= v);
    CHECK(axis.value(axis.index(v) + 1) > v);
  }
}

TEST_CASE("value histogram: every percentile at most 0.1% below the exact nearest rank, the extremes exact") {
  auto values = spread_values(20'000, 11);
  const auto h = of(values);
  std::sort(values.begin(), values.end());
  for (int p = 0; p <= 100; ++p) {
    const double exact = static_cast<double>(sim::nearest_rank(values, p / 100.0));
    INFO(p);
    CHECK(quantile(h, p / 100.0) <= exact);
    CHECK(quantile(h, p / 100.0) >= exact * 0.999);
  }
  CHECK(quantile(h, 0) == static_cast<double>(values.front()));
  CHECK(quantile(h, 1) == static_cast<double>(values.back()));
  CHECK(h.count() == values.size());
}

TEST_CASE("value histogram: whole numbers of requests below 1,024 come back exact, the mean from the exact sum") {
  constexpr std::uint64_t unit = std::uint64_t{1} << 32;  // RowTally's: 2^-32 of a request
  std::vector<std::uint64_t> values;
  for (std::uint64_t r : {3, 12, 12, 12, 40, 7, 5000, 5001, 12, 6000}) values.push_back(r * unit);
  const auto h = of(values);
  CHECK(quantile(h, 0.5) == 12.0 * unit);
  CHECK(quantile(h, 0.8) == 5000.0 * unit);
  // From 1,024 requests on a bucket is a request wide or more: 5001 is told as 5000.
  CHECK(quantile(h, 0.9) == 5000.0 * unit);
  CHECK(quantile(h, 1.0) == 6000.0 * unit);  // the largest, exactly
  const std::vector<double> shares{0.0, 0.5, 0.8, 1.0};
  CHECK(h.quantiles(shares) == std::vector<double>{3.0 * unit, 12.0 * unit, 5000.0 * unit, 6000.0 * unit});
  CHECK(h.mean() == (3.0 + 12 * 4 + 40 + 7 + 5000 + 5001 + 6000) / 10 * unit);
  CHECK(quantile(ValueHistogram{}, 0.5) == 0);
  CHECK(ValueHistogram{}.mean() == 0);
}

TEST_CASE("value histogram: merged in any grouping, exactly the histogram of every value") {
  auto values = spread_values(5'000, 5);
  const auto whole = of(values);
  // Sorted, each part holds a range of its own: a merge must carry the buckets of its
  // smallest and largest values. An empty part changes nothing.
  for (const bool sorted : {false, true})
    for (std::size_t parts : {2, 7}) {
      if (sorted) std::sort(values.begin(), values.end());
      ValueHistogram merged;
      merged.merge(ValueHistogram{});
      const std::size_t size = (values.size() + parts - 1) / parts;
      for (std::size_t first = 0; first < values.size(); first += size)
        merged.merge(of({values.begin() + static_cast<std::ptrdiff_t>(first),
                         values.begin() + static_cast<std::ptrdiff_t>(std::min(values.size(), first + size))}));
      INFO(parts << (sorted ? " sorted" : ""));
      CHECK(merged.count() == whole.count());
      CHECK(merged.mean() == whole.mean());
      CHECK(merged.standard_deviation() == whole.standard_deviation());
      for (int p = 0; p <= 100; ++p) CHECK(quantile(merged, p / 100.0) == quantile(whole, p / 100.0));
    }
}

TEST_CASE("value histogram: sums of the largest values do not overflow") {
  const auto h = of({UINT64_MAX, UINT64_MAX, UINT64_MAX});
  CHECK(h.mean() == Approx(static_cast<double>(UINT64_MAX)));
  CHECK(quantile(h, 0.5) == Approx(static_cast<double>(UINT64_MAX)));
  // Three squares of 2^64 - 1 carry into the sum of squares' top word.
  CHECK(h.standard_deviation() == Approx(0).margin(1e-3 * static_cast<double>(UINT64_MAX)));
  CHECK(of({0, UINT64_MAX}).standard_deviation() == Approx(static_cast<double>(UINT64_MAX) / std::sqrt(2.0)));
}

TEST_CASE("value histogram: the sample standard deviation from exact sums") {
  CHECK(of({}).standard_deviation() == 0);
  CHECK(of({7}).standard_deviation() == 0);
  CHECK(of({2, 4, 4, 4, 5, 5, 7, 9}).standard_deviation() == Approx(std::sqrt(32.0 / 7)));
  CHECK(of({1'000'000'007, 1'000'000'007, 1'000'000'007}).standard_deviation() == 0);
}
