#include "bench/tune/families.hpp"

#include <cmath>

#include "strategies/adaptive.hpp"

namespace pollbench::bench {

namespace {

using nlohmann::ordered_json;
using Pointer = ordered_json::json_pointer;

constexpr double interval_shares[] = {0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5};  // of the median

// The points of a model's completion law that the grids are built from.
struct LawPoints {
  explicit LawPoints(const sim::Distribution& completion) : law(completion), median(law.quantile(0.5)) {
    for (double p : {0.99, 0.999, 0.9999}) horizons.push_back(law.quantile(p) * 1.1);
  }
  // A poll interval of a share of the median, no shorter than 500 ms.
  long interval_ms(double share) const { return std::max(500L, rounded_ms(median * share)); }
  // When a share p of the tasks has finished; 0 (poll at once) for p = 0.
  long initial_ms(double p) const { return p == 0 ? 0 : rounded_ms(law.quantile(p)); }

  const sim::Distribution& law;
  sim::Seconds median;
  std::vector<sim::Seconds> horizons;  // give-up times to try: the law's far tail
};

Knob ms_knob(const Pointer& at) { return {at, KnobUnit::milliseconds, 100}; }
// An initial delay may shrink to nothing: poll at once.
Knob initial_knob(const Pointer& at) { return {at, KnobUnit::milliseconds, 0}; }

long whole_ms(strategies::Duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); }

Family fixed_interval(const LawPoints& law) {
  const ordered_json guide = {{"kind", "fixed_interval"}, {"interval_ms", 3000}, {"max_attempts", 60}};
  Family family{"fixed_interval",
                guide,
                guide,
                {},
                {ms_knob(Pointer("/interval_ms")), {Pointer("/max_attempts"), KnobUnit::count, 1}}};
  for (double share : interval_shares)
    for (auto horizon : law.horizons) {
      const long interval = law.interval_ms(share);
      const long attempts = std::lround(std::ceil(horizon / std::chrono::milliseconds{interval})) + 1;
      family.candidates.push_back({{"kind", "fixed_interval"}, {"interval_ms", interval}, {"max_attempts", attempts}});
    }
  return family;
}

Family adaptive(const std::string& model, const LawPoints& law, const ordered_json& guide) {
  const auto knob = Pointer("/models") / model;
  Family family{"adaptive",
                guide,
                guide,
                {},
                {initial_knob(knob / "initial_ms"), ms_knob(knob / "interval_ms"), ms_knob(knob / "max_ms")}};
  for (double initial_p : {0.0, 0.01, 0.05, 0.1, 0.25})
    for (double share : interval_shares)
      for (auto horizon : law.horizons) {
        const ordered_json config = {{"initial_ms", law.initial_ms(initial_p)},
                                     {"interval_ms", law.interval_ms(share)},
                                     {"max_ms", rounded_ms(horizon)}};
        family.candidates.push_back({{"kind", "adaptive"}, {"models", {{model, config}}}});
      }
  return family;
}

// The guide's backoff against the corrected one, tuned.
Family exponential_backoff(const LawPoints& law) {
  const ordered_json start = {{"kind", "capped_exponential"},
                              {"base_ms", 2000},
                              {"multiplier", 1.5},
                              {"cap_ms", 30000},
                              {"deadline_ms", 600000}};
  Family family{"exponential_backoff",
                {{"kind", "exponential_backoff"}},
                start,
                {},
                {ms_knob(Pointer("/base_ms")),
                 {Pointer("/multiplier"), KnobUnit::multiplier, 1.0},
                 ms_knob(Pointer("/cap_ms")),
                 ms_knob(Pointer("/deadline_ms"))}};
  for (double base : {0.05, 0.1, 0.2, 0.5})
    for (double multiplier : {1.2, 1.5, 2.0})
      for (double cap : {0.1, 0.2, 0.5})
        for (auto horizon : law.horizons) {
          const long base_ms = rounded_ms(law.median * base);
          family.candidates.push_back({{"kind", "capped_exponential"},
                                       {"base_ms", base_ms},
                                       {"multiplier", multiplier},
                                       {"cap_ms", std::max(base_ms, rounded_ms(law.median * cap))},
                                       {"deadline_ms", rounded_ms(horizon)}});
        }
  return family;
}

// The guide has no strategy of this family or the next; they are measured against its
// per-model config, the getPollingConfig the guide recommends for this model.
Family server_hinted(const strategies::AdaptiveConfig& own, const LawPoints& law, const ordered_json& guide) {
  const ordered_json start = {{"kind", "server_hinted"},
                              {"initial_ms", whole_ms(own.initial)},
                              {"interval_ms", whole_ms(own.interval)},
                              {"deadline_ms", whole_ms(own.max)}};
  Family family{
      "server_hinted",
      guide,
      start,
      {},
      {initial_knob(Pointer("/initial_ms")), ms_knob(Pointer("/interval_ms")), ms_knob(Pointer("/deadline_ms"))}};
  for (double initial_p : {0.0, 0.05, 0.25})
    for (double share : {0.05, 0.1, 0.2, 0.5})
      for (auto horizon : law.horizons)
        family.candidates.push_back({{"kind", "server_hinted"},
                                     {"initial_ms", law.initial_ms(initial_p)},
                                     {"interval_ms", law.interval_ms(share)},
                                     {"deadline_ms", rounded_ms(horizon)}});
  return family;
}

// The fewest requests that keep 95% of the finished tasks within a delay (tail_schedule.hpp):
// the optimum under the constraint tune holds every family to. Searched by that delay,
// from shares of the median up; the simulated p95 adds response times and faults to it.
Family optimal(const LawPoints& law, const ordered_json& guide) {
  const auto tenths = [](sim::Seconds s) { return std::round(s.count() * 10) / 10; };
  const ordered_json start = {{"kind", "optimal"},
                              {"p95_delay_s", std::max(0.1, tenths(law.median * 0.1))},
                              {"deadline_s", tenths(law.horizons[1])}};
  Family family{"optimal",
                guide,
                start,
                {},
                {{Pointer("/p95_delay_s"), KnobUnit::seconds, 0.1}, {Pointer("/deadline_s"), KnobUnit::seconds, 0.1}}};
  for (double share : interval_shares)
    for (auto horizon : law.horizons)
      family.candidates.push_back({{"kind", "optimal"},
                                   {"p95_delay_s", std::max(0.1, tenths(law.median * share))},
                                   {"deadline_s", tenths(horizon)}});
  return family;
}

}  // namespace

std::vector<Family> families_for(const sim::ModelProfile& model) {
  const LawPoints law(model.completion);
  const auto own = strategies::Adaptive{}.for_model(model.name).config;
  // The guide's getPollingConfig for this model, as an adaptive strategy entry.
  const ordered_json per_model = {
      {"initial_ms", whole_ms(own.initial)}, {"interval_ms", whole_ms(own.interval)}, {"max_ms", whole_ms(own.max)}};
  const ordered_json guide_adaptive = {{"kind", "adaptive"}, {"models", {{model.name, per_model}}}};
  return {fixed_interval(law), adaptive(model.name, law, guide_adaptive), exponential_backoff(law),
          server_hinted(own, law, guide_adaptive), optimal(law, guide_adaptive)};
}

}  // namespace pollbench::bench
