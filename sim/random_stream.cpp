#include "sim/random_stream.hpp"

#include "sim/special_functions.hpp"

namespace pollbench::sim {

namespace {
constexpr std::uint64_t golden_gamma = 0x9e3779b97f4a7c15ULL;
}

RandomStream::RandomStream(const StreamKey& key) {
  // Chain the fields through the mixer so that no two keys collide in practice.
  std::uint64_t h = mix64(key.seed + golden_gamma);
  h = mix64(h ^ key.model);
  h = mix64(h ^ (key.task + golden_gamma));
  h = mix64(h ^ static_cast<std::uint64_t>(key.purpose));
  h = mix64(h ^ (key.attempt * golden_gamma));
  state_ = h;
}

std::uint64_t RandomStream::next_bits() {
  state_ += golden_gamma;
  return mix64(state_);
}

double RandomStream::uniform() {
  // 52 random bits, shifted by half a step: never 0, and at most 1 - 2^-53, which a
  // double holds exactly (with 53 bits the top value would round up to 1).
  return (static_cast<double>(next_bits() >> 12) + 0.5) * 0x1.0p-52;
}

double RandomStream::normal() { return standard_normal_quantile_approx(uniform()); }

}  // namespace pollbench::sim
