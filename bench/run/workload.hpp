#pragma once
// A scenario whose strategy entries are read, once, into typed strategies where it enters
// the program (a command, after --strategies and --models narrowed it; a test). Every run
// takes one, so nothing downstream reads strategy JSON again.

#include <string>
#include <vector>

#include "bench/bound/bound_cache.hpp"
#include "sim/scenario.hpp"
#include "strategies/strategy.hpp"

namespace pollbench::bench {

struct Workload {
  struct Entry {
    strategies::NamedStrategy strategy;  // typed, not yet bound to models
    std::string path;                    // "strategies[3]", for errors found when binding
  };

  // Implicit on purpose: a scenario is read wherever it is handed to a run. Throws
  // InputError naming the first bad entry.
  Workload(sim::Scenario read);  // NOLINT(google-explicit-constructor)

  // Every strategy bound to the scenario's models: optimal schedules are computed here,
  // from `bounds`, each model's on one of `threads` threads.
  std::vector<strategies::NamedStrategy> bound(const BoundCache& bounds = BoundCache{}, unsigned threads = 1) const;

  // The strategies that run on none of the models: none of them offers what they need
  // (long polling, an event stream, progress), so they have no row.
  std::vector<std::string> without_models() const;
  // The (strategy, model) pairs that run: each strategy on the models that offer what it needs.
  std::size_t pairs() const;

  sim::Scenario scenario;  // its `strategies` entries are read into `entries` and cleared
  std::vector<Entry> entries;
};

}  // namespace pollbench::bench
