#pragma once
// What a status answer says of a task's progress (ProgressReporting): the fraction done
// while it generates, in whole percents and never 100% before its terminal state, and
// its queue position while it waits. The server's belief about the task's length is off
// by a per-task factor drawn once, so a client that reads the progress rate learns the
// task's end up to that factor.

#include <cstdint>
#include <optional>

#include "sim/model_profile.hpp"
#include "sim/task_truth.hpp"

namespace pollbench::sim {

struct TaskProgress {
  std::optional<double> fraction;               // 0 to 0.99, in steps of 0.01
  std::optional<std::uint32_t> queue_position;  // 1 is next; while waiting, when the model says
};

// A task's progress as the server reports it; built once per task, read at any moment.
class ProgressReport {
 public:
  // Nothing for a model without progress reporting. `nominal_length` stands for the
  // generating time of a task that never ends: the server does not know it hangs.
  ProgressReport(const ModelProfile& model, const TaskTruth& truth, std::uint64_t seed, std::uint64_t task,
                 Duration nominal_length);

  TaskProgress at(Duration t) const;
  // The first moment the reported fraction reaches `fraction`; nullopt if it never does
  // before the terminal state.
  std::optional<Duration> reaches(double fraction) const;

 private:
  bool enabled_ = false;
  Duration generating_at_{};
  Duration end_{};          // of the generating time as the server believes it
  Duration terminal_at_{};  // Duration::max() for a hang
  Duration queue_slot_{};
};

// The generating time the server assumes for a task that hangs: the completion law's
// median less the queue law's.
Duration nominal_generating_time(const ModelProfile& model);

}  // namespace pollbench::sim
