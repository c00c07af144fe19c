#include "bench/bound/fair_efficiency.hpp"

#include <algorithm>

namespace pollbench::bench {

RequestToll RequestToll::of(const sim::ModelProfile& model, sim::Duration network) {
  return {model.response_time.mean() + std::chrono::duration_cast<sim::Seconds>(network),
          std::min(model.faults.total(), 0.99)};
}

std::optional<double> requests_paying(const OptimalBound& bound, double fault_rate, sim::Seconds polling_delay) {
  // Faults are drawn apart from the task, so by Wald's identity one in (1 - fault rate)
  // requests is answered, and only answered ones tell the client anything.
  if (polling_delay <= sim::Seconds{}) return std::nullopt;
  const auto answered = bound.requests_at_mean_delay(polling_delay);
  if (!answered) return std::nullopt;
  return *answered / (1 - fault_rate);
}

std::optional<double> fair_efficiency(const reports::ResultRecord& row, const PollingEffort& effort,
                                      const sim::ModelProfile& model, const RequestToll& toll,
                                      const BoundCache& bounds) {
  if (effort.lookups_per_task_seen_through <= 0 || row.detected == 0) return std::nullopt;
  // The row's last poll before giving up was sent a response time before its answer.
  std::optional<sim::Seconds> deadline;
  if (effort.last_answer_before_giving_up) {
    const auto gives_up = *effort.last_answer_before_giving_up - toll.response_time;
    if (gives_up < bounds.of(model).deadline()) deadline = std::max(gives_up, sim::Seconds{0.001});
  }
  // The bound's polls are answered at once: it is held to the delay the row spent
  // waiting for its next poll, not for answers.
  const auto polling_delay = sim::Seconds{row.detection_latency_s.mean} - effort.in_flight_after_end;
  const auto& bound = bounds.of(model, deadline);
  auto best = requests_paying(bound, toll.fault_rate, polling_delay);
  // An informed row may learn the end sooner than any schedule the bound's grid holds (a
  // held request or a stream hears it at once): held to the grid's finest optimum, its
  // efficiency is a lower limit.
  if (!best && row.informed && polling_delay.count() < bound.finest().first)
    best = bound.finest().second / (1 - toll.fault_rate);
  return best ? std::optional{*best / effort.lookups_per_task_seen_through} : std::nullopt;
}

std::vector<std::pair<double, double>> frontier_paying(const OptimalBound& bound, const RequestToll& toll) {
  auto points = bound.frontier();
  for (auto& [delay, requests] : points) {
    delay += toll.response_time.count();
    requests /= 1 - toll.fault_rate;
  }
  return points;
}

}  // namespace pollbench::bench
