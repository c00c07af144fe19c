#include <catch2/catch.hpp>

#include <numeric>
#include <random>

#include "bench/client/rate_histogram.hpp"

using namespace pollbench;
using bench::RateHistogram;

namespace {
sim::Time at_s(double s) { return sim::Time{sim::from_seconds(s)}; }
}  // namespace

TEST_CASE("rate histogram: one-second bins give the busiest second and the 99th percentile") {
  RateHistogram rate;
  for (double s : {3.2, 0.5, 0.7}) rate.add(at_s(s));  // in any order
  CHECK(rate.width_s() == 1);
  CHECK(rate.peak() == 2);
  // Seconds 0 to 3 hold 2, 0, 0, 1: the nearest rank of 99% of four is the largest.
  CHECK(rate.p99() == 2);
  CHECK(RateHistogram{}.peak() == 0);
  CHECK(RateHistogram{}.p99() == 0);
}

TEST_CASE("rate histogram: a run spanning more than max_bins seconds widens its bins and keeps every request") {
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> within(0, 5e6);  // about 58 days: 8 s bins
  std::vector<double> times(20'000);
  for (auto& t : times) t = within(random);
  RateHistogram rate;
  for (double t : times) rate.add(at_s(t));
  REQUIRE(rate.width_s() == 8);
  REQUIRE(rate.bins().size() <= RateHistogram::max_bins);
  CHECK(std::accumulate(rate.bins().begin(), rate.bins().end(), std::uint64_t{0}) == times.size());
  // Each bin holds exactly the requests of its 8 seconds.
  std::vector<std::uint64_t> expected(rate.bins().size());
  for (double t : times) ++expected[static_cast<std::size_t>(t) / 8];
  CHECK(rate.bins() == expected);
  CHECK(rate.peak() == Approx(static_cast<double>(*std::max_element(expected.begin(), expected.end())) / 8));
}

TEST_CASE("rate histogram: a request at the far end of simulated time costs bounded memory") {
  RateHistogram rate;
  rate.add(at_s(1));
  rate.add(at_s(1));
  rate.add(at_s(4.0e12));  // the longest a drawn time can be
  CHECK(rate.bins().size() <= RateHistogram::max_bins);
  CHECK(std::accumulate(rate.bins().begin(), rate.bins().end(), std::uint64_t{0}) == 3);
  CHECK(rate.peak() == Approx(2.0 / static_cast<double>(rate.width_s())));
}

TEST_CASE("rate histogram: merged histograms hold the bins of one that counted every request") {
  std::vector<double> times;
  for (int i = 0; i < 3000; ++i) times.push_back(i % 2 == 0 ? i * 0.7 : 2.0e6 + i * 1.3);  // past 2^20 s: 2 s bins
  RateHistogram whole, early, late;
  for (double t : times) whole.add(at_s(t));
  for (double t : times) (t < 1e6 ? early : late).add(at_s(t));
  early.merge(late);
  CHECK(early.width_s() == whole.width_s());
  auto trimmed = [](std::vector<std::uint64_t> bins) {
    while (!bins.empty() && bins.back() == 0) bins.pop_back();
    return bins;
  };
  CHECK(trimmed(early.bins()) == trimmed(whole.bins()));
  CHECK(early.peak() == whole.peak());
  CHECK(early.p99() == whole.p99());
}

TEST_CASE("rate histogram: open connections per bin give the peak, exactly as merged and as coarsened") {
  RateHistogram whole, first, second;
  // Two connections over [0.5, 3.5) and [1, 2): 1.5 open on average in second 1.
  whole.hold(at_s(0.5), at_s(3.5));
  whole.hold(at_s(1), at_s(2));
  CHECK(whole.peak_connections() == Approx(2));
  first.hold(at_s(0.5), at_s(3.5));
  second.hold(at_s(1), at_s(2));
  first.merge(second);
  CHECK(first.peak_connections() == whole.peak_connections());
  // An hour-long stream counts its whole seconds once each, wherever it lies.
  RateHistogram stream;
  stream.hold(at_s(10.25), at_s(3610.25));
  CHECK(stream.peak_connections() == Approx(1));
  // Past max_bins seconds the bins widen; the connection-seconds stay.
  stream.hold(at_s(2e6), at_s(2e6 + 4));
  CHECK(stream.width_s() == 2);
  CHECK(stream.peak_connections() == Approx(1));
  CHECK(RateHistogram{}.peak_connections() == 0);
}
