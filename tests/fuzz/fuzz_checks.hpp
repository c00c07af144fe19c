#pragma once
// What the fuzz targets share: the bytes as text, a property that must hold (a loud
// abort naming it when it does not), and the checks every latency law read from input
// must pass before a run samples it or the optimal bound integrates it. InputError is
// the expected answer to bad input; any other exception escapes and libFuzzer reports it.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sim/distribution.hpp"
#include "sim/random_stream.hpp"
#include "sim/time.hpp"

namespace pollbench::fuzz {

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline void require(bool holds, const char* property) {
  if (holds) return;
  std::fprintf(stderr, "fuzz property broken: %s\n", property);
  std::abort();
}

// Samples a law as the simulator does (to microseconds: a nan or an overflow there is
// undefined behaviour, which UBSan reports) and evaluates it as the bound and the tuner
// do: no nan, no negative time, a cdf in [0, 1].
inline void check_law(const sim::Distribution& law, std::uint64_t key) {
  sim::RandomStream random(sim::StreamKey{key, key, 0, sim::Purpose::truth, 0});
  for (int i = 0; i < 4; ++i) {
    const auto t = law.sample(random);
    require(t.count() >= 0, "a sample is a time >= 0");
    require(sim::to_duration(t).count() >= 0, "a sample converts to microseconds >= 0");
    const double f = law.cdf(t);
    require(f >= 0 && f <= 1, "the cdf is in [0, 1]");
  }
  for (double p : {0.5, 0.99, 0.9999}) require(law.quantile(p).count() >= 0, "a quantile is a time >= 0");
  require(law.mean().count() >= 0, "the mean is a time >= 0");
}

}  // namespace pollbench::fuzz
