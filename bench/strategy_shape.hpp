#pragma once
// The two shapes every driver runs a strategy in: the concurrent poller's rounds over a
// client's tasks, or each task on its own under the policy bound to the model.

#include <string_view>
#include <variant>

#include "strategies/strategy.hpp"

namespace pollbench::bench {

// Calls `rounds(poller)` or `tasks(policy for this model)`; both must return one type.
template <class OnRounds, class OnTasks>
auto visit_shape(const strategies::Strategy& strategy, std::string_view model, OnRounds rounds, OnTasks tasks) {
  return std::visit(
      [&](const auto& policy) {
        if constexpr (requires { policy.interval_for(std::string_view{}); }) return rounds(policy);
        else if constexpr (requires { policy.for_model(std::string_view{}); }) return tasks(policy.for_model(model));
        else return tasks(policy);
      },
      strategy);
}

}  // namespace pollbench::bench
