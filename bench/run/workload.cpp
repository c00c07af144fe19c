#include "bench/run/workload.hpp"

#include <algorithm>

#include "bench/strategy_catalog.hpp"

namespace pollbench::bench {

Workload::Workload(sim::Scenario read) : scenario(std::move(read)) {
  entries.reserve(scenario.strategies.size());
  for (const auto& spec : scenario.strategies) entries.push_back({{spec.name, parse_strategy(spec)}, spec.path});
  scenario.strategies.clear();
}

std::vector<strategies::NamedStrategy> Workload::bound(const BoundCache& bounds, unsigned threads) const {
  std::vector<strategies::NamedStrategy> out;
  out.reserve(entries.size());
  for (const auto& e : entries) out.push_back(bind_strategy(e.strategy, e.path, scenario.models, bounds, threads));
  return out;
}

std::vector<std::string> Workload::without_models() const {
  std::vector<std::string> names;
  for (const auto& e : entries)
    if (std::none_of(scenario.models.begin(), scenario.models.end(),
                     [&](const sim::ModelProfile& m) { return runs_on(e.strategy.strategy, m); }))
      names.push_back(e.strategy.name);
  return names;
}

std::size_t Workload::pairs() const {
  std::size_t n = 0;
  for (const auto& e : entries)
    n += static_cast<std::size_t>(
        std::count_if(scenario.models.begin(), scenario.models.end(),
                      [&](const sim::ModelProfile& m) { return runs_on(e.strategy.strategy, m); }));
  return n;
}

}  // namespace pollbench::bench
