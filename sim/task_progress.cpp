#include "sim/task_progress.hpp"

#include <algorithm>
#include <cmath>

#include "sim/random_stream.hpp"

namespace pollbench::sim {

ProgressReport::ProgressReport(const ModelProfile& model, const TaskTruth& truth, std::uint64_t seed,
                               std::uint64_t task, Duration nominal_length)
    : enabled_(model.progress.enabled),
      generating_at_(truth.generating_at),
      terminal_at_(truth.terminal_at),
      queue_slot_(model.progress.queue_slot) {
  if (!enabled_) return;
  RandomStream random({seed, model.key, task, Purpose::progress, 0});
  const double error = std::max(0.0, model.progress.error.sample(random).count());
  const auto length = truth.finishes() ? truth.terminal_at - truth.generating_at : nominal_length;
  end_ = generating_at_ + from_seconds(seconds(length) * error);
}

TaskProgress ProgressReport::at(Duration t) const {
  if (!enabled_ || t >= terminal_at_) return {};
  if (t < generating_at_) {
    TaskProgress waiting{0.0, std::nullopt};
    if (queue_slot_ > Duration{}) {
      const auto places = (generating_at_ - t + queue_slot_ - Duration{1}) / queue_slot_;
      waiting.queue_position = static_cast<std::uint32_t>(std::min<std::int64_t>(places, 1'000'000'000));
    }
    return waiting;
  }
  if (end_ <= generating_at_) return {0.99, std::nullopt};
  const double done = seconds(t - generating_at_) / seconds(end_ - generating_at_);
  return {std::min(0.99, std::floor(done * 100.0) / 100.0), std::nullopt};
}

std::optional<Duration> ProgressReport::reaches(double fraction) const {
  if (!enabled_ || fraction > 0.99) return std::nullopt;
  const auto t = generating_at_ + from_seconds(std::ceil(seconds(end_ - generating_at_) * fraction * 1e6) / 1e6);
  if (t >= terminal_at_) return std::nullopt;
  return t;
}

Duration nominal_generating_time(const ModelProfile& model) {
  return from_seconds(std::max(0.0, model.completion.quantile(0.5).count() - model.queue.quantile(0.5).count()));
}

}  // namespace pollbench::sim
