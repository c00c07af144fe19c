#pragma once
// Polls at fixed times after submission, then gives up: how the optimal schedule from
// the tuner runs. A request error tells nothing new, so the schedule simply goes on.

#include <algorithm>
#include <map>
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

// The optimal schedule (Barlow-Hunter-Proschan) of each model, computed by the tuner
// from the model's completion law when the strategy is built.
struct Optimal {
  static constexpr const char* kind = "optimal";
  std::map<std::string, ScheduledPolls, std::less<>> per_model;

  const ScheduledPolls& for_model(std::string_view model) const {
    static const ScheduledPolls none;
    const auto it = per_model.find(model);
    return it == per_model.end() ? none : it->second;
  }
};

}  // namespace pollbench::strategies
