#pragma once
// Polls at fixed times after submission, then gives up: how the optimal schedule from
// the tuner runs. A request error tells nothing new, so the schedule simply goes on.

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "strategies/observation.hpp"

namespace pollbench::strategies {

struct ScheduledPolls {
  std::vector<Duration> times;  // increasing, from submission; the last is the deadline

  struct State {
    std::size_t sent = 0;
  };

  Decision first(State& s) const { return at(s, Duration{}); }

  Decision next(State& s, const Observation& o) const {
    if (is_terminal(o.reply)) return Decision::report(verdict_of_terminal(o.reply));
    return at(s, o.now);
  }

 private:
  // The next scheduled poll, at once if a slow answer has already carried us past it.
  Decision at(State& s, Duration now) const {
    if (s.sent == times.size()) return Decision::report(Verdict::timeout);
    return Decision::poll_after(std::max(Duration{}, times[s.sent++] - now));
  }
};

// What the optimal schedule aims at: a mean detection delay, the Lagrange multiplier
// (requests one second of delay is worth), or a 95th percentile of the delay (the fewest
// requests that keep 95% of the finished tasks within it); its last poll at `deadline`,
// or at the model's own bound deadline when zero.
struct OptimalTarget {
  std::optional<double> mean_delay_s;
  std::optional<double> lambda;
  std::optional<double> p95_delay_s;
  double deadline_s = 0;
};

// The optimal schedule (Barlow-Hunter-Proschan) of each model: the config says its
// target; the schedules are computed from each model's completion law once the models
// of the run are known (bench/strategy_catalog.hpp), never while a config is read.
struct Optimal {
  static constexpr const char* kind = "optimal";
  OptimalTarget target;
  std::map<std::string, ScheduledPolls, std::less<>> per_model;

  const ScheduledPolls& for_model(std::string_view model) const {
    static const ScheduledPolls none;
    const auto it = per_model.find(model);
    return it == per_model.end() ? none : it->second;
  }
};

}  // namespace pollbench::strategies
