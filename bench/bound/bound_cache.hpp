#pragma once
// The optimal bounds of one run, each built once: a model's bound at its own deadline
// serves every row's efficiency, its frontier and the optimal strategy's schedule, and
// an optimal entry with a deadline of its own adds one more. Safe to use from several
// threads at once; a bound is built by the first thread that asks for it.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "bench/bound/optimal_schedule.hpp"
#include "sim/model_profile.hpp"

namespace pollbench::bench {

class BoundCache {
 public:
  // The bound of `model`'s completion law up to `deadline`, or to bound_deadline(model)
  // when none is given. Models are told apart by name, as within one scenario.
  const OptimalBound& of(const sim::ModelProfile& model, std::optional<sim::Seconds> deadline = std::nullopt) const;

 private:
  struct Entry {
    std::once_flag built;
    std::unique_ptr<const OptimalBound> bound;
  };
  using Key = std::pair<std::string, std::optional<double>>;  // model, deadline in seconds

  mutable std::mutex entries_mutex_;
  mutable std::map<Key, Entry> entries_;  // nodes stay put, so an Entry outlives the lock
};

}  // namespace pollbench::bench
