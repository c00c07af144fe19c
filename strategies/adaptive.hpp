#pragma once
// The guide's adaptivePoll with its getPollingConfig table: wait `initial`, then poll
// every `interval` while the summed sleeps stay below `max`.

#include <map>
#include <string>

#include "strategies/observation.hpp"

namespace pollbench::strategies {

struct AdaptiveConfig {
  Duration initial;
  Duration interval;
  Duration max;
};

// The policy for one model, what the guide's function runs per task.
struct AdaptiveSchedule {
  AdaptiveConfig config;

  struct State {
    Duration elapsed{};  // the guide's `elapsed`: sleeps only, never request time
  };

  Decision first(State& s) const {
    s.elapsed = config.initial;
    return s.elapsed < config.max ? Decision::poll_after(config.initial)
                                  : Decision::report_after(config.initial, Verdict::timeout);
  }

  Decision next(State& s, const Observation& o) const {
    if (is_terminal(o.reply)) return Decision::report(verdict_of_terminal(o.reply));
    if (is_error(o.reply)) return Decision::report(Verdict::error);  // Sharp edge: no try around checkStatus.
    // Sharp edge: request latency never counts toward `max`, so real waits run longer.
    s.elapsed += config.interval;
    return s.elapsed < config.max ? Decision::poll_after(config.interval)
                                  : Decision::report_after(config.interval, Verdict::timeout);
  }
};

struct Adaptive {
  static constexpr const char* kind = "adaptive";
  std::map<std::string, AdaptiveConfig, std::less<>> per_model = document_table();
  AdaptiveConfig fallback = {std::chrono::milliseconds{10000}, std::chrono::milliseconds{5000},
                             std::chrono::milliseconds{300000}};

  AdaptiveSchedule for_model(std::string_view model) const {
    const auto it = per_model.find(model);
    return {it == per_model.end() ? fallback : it->second};
  }

  static std::map<std::string, AdaptiveConfig, std::less<>> document_table() {
    using ms = std::chrono::milliseconds;
    return {
        {"nano-banana", {ms{5000}, ms{3000}, ms{120000}}}, {"flux-2", {ms{10000}, ms{5000}, ms{180000}}},
        {"sora-2", {ms{60000}, ms{15000}, ms{600000}}},    {"veo-3-1", {ms{45000}, ms{10000}, ms{480000}}},
        {"suno", {ms{30000}, ms{10000}, ms{300000}}},
    };
  }
};

}  // namespace pollbench::strategies
