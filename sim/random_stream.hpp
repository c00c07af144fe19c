#pragma once
// Counter-based random streams keyed by (seed, model, task, purpose, attempt).
// Every draw in the simulator comes from a stream named by what it is for, so adding a
// strategy or a model never shifts the numbers another one sees (common random numbers).
// The generator is Philox4x64-10 (Random123): the key is (seed, model), the counter
// (task, purpose, attempt, block), so a stream costs nothing to open and each block of
// four 64-bit draws costs one Philox call.

#include <Random123/philox.h>
#include <cstdint>
#include <string_view>

#include "sim/special_functions.hpp"

namespace pollbench::sim {

enum class Purpose : std::uint64_t {
  truth = 1,     // outcome and completion time of a task
  arrival = 2,   // when a task is submitted
  response = 3,  // one status request: fault and response time
  webhook = 4,   // delivery of a callback
  strategy = 5,  // randomness a strategy asks for (jitter)
  fault = 6,     // the k-th injected fault of a task's status requests: where and which
  progress = 7,  // the factor a task's reported progress is off by
  hold = 8,      // whether and when the attempt-th held request (a long poll) is reset
  stream = 9,    // which events of a task's event stream are lost
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
  explicit RandomStream(const StreamKey& key)
      : key_{{key.seed, key.model}}, counter_{{key.task, static_cast<std::uint64_t>(key.purpose), key.attempt, 0}} {}

  std::uint64_t next_bits() {
    if (used_ == block_.size()) draw_block();
    return block_[used_++];
  }
  // Draws the first block now rather than at the first draw, so that a loop can draw the
  // blocks of many streams back to back, their Philox rounds overlapping in the CPU.
  void draw_first_block() {
    if (used_ == block_.size() && counter_[3] == 0) draw_block();
  }
  // Uniform on the open interval (0, 1): safe to take logarithms of.
  double uniform() {
    // 52 random bits, shifted by half a step: never 0, and at most 1 - 2^-53, which a
    // double holds exactly (with 53 bits the top value would round up to 1).
    return (static_cast<double>(next_bits() >> 12) + 0.5) * 0x1.0p-52;
  }
  // Standard normal by inversion, so one uniform gives one normal.
  double normal() { return standard_normal_quantile_approx(uniform()); }

 private:
  void draw_block() {
    block_ = r123::Philox4x64{}(counter_, key_);
    ++counter_[3];
    used_ = 0;
  }

  r123::Philox4x64::key_type key_;
  r123::Philox4x64::ctr_type counter_;
  r123::Philox4x64::ctr_type block_{};
  std::size_t used_ = block_.size();
};

}  // namespace pollbench::sim
