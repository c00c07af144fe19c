#pragma once
// What really happens to one task, drawn from its own keyed stream.

#include <cstdint>
#include <span>

#include "sim/model_profile.hpp"

namespace pollbench::sim {

enum class Outcome : std::uint8_t { success, failed, hang };

struct TaskTruth {
  Outcome outcome = Outcome::success;
  Duration generating_at{};  // leaves "waiting"
  Duration terminal_at{};    // reaches success/failed; Duration::max() for a hang

  bool finishes() const { return outcome != Outcome::hang; }
};

TaskTruth draw_truth(const ModelProfile& model, std::uint64_t seed, std::uint64_t task);
// The truths of tasks first, first + 1, ... into `out`, the same as draw_truth's: a
// driver that runs tasks one after another draws them a chunk at a time, which takes
// half the time of drawing each as its task starts (the draws of neighbours overlap).
void draw_truths(const ModelProfile& model, std::uint64_t seed, std::uint64_t first, std::span<TaskTruth> out);

}  // namespace pollbench::sim
