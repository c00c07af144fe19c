#pragma once
// Counter-based random streams keyed by (seed, model, task, purpose, attempt).
// Every draw in the simulator comes from a stream named by what it is for, so adding a
// strategy or a model never shifts the numbers another one sees (common random numbers).

#include <cstdint>
#include <string_view>

namespace pollbench::sim {

enum class Purpose : std::uint64_t {
  truth = 1,     // outcome and completion time of a task
  arrival = 2,   // when a task is submitted
  response = 3,  // one status request: fault and response time
  webhook = 4,   // delivery of a callback
  strategy = 5,  // randomness a strategy asks for (jitter)
};

struct StreamKey {
  std::uint64_t seed = 0;
  std::uint64_t model = 0;  // model_key(name)
  std::uint64_t task = 0;
  Purpose purpose = Purpose::truth;
  std::uint64_t attempt = 0;
};

// Stable 64-bit key of a model name (FNV-1a), the same on every platform.
constexpr std::uint64_t model_key(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

class RandomStream {
 public:
  explicit RandomStream(const StreamKey& key);

  std::uint64_t next_bits();
  // Uniform on the open interval (0, 1): safe to take logarithms of.
  double uniform();
  // Standard normal by inversion, so one uniform gives one normal.
  double normal();

 private:
  std::uint64_t state_;
};

// SplitMix64's finaliser: a bijective mix with full avalanche.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace pollbench::sim
