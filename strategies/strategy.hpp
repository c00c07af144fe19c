#pragma once
// The closed set of strategies: a variant, so the hot loop is compiled per strategy with
// no virtual calls.

#include <concepts>
#include <string>
#include <variant>

#include "strategies/adaptive.hpp"
#include "strategies/backoff.hpp"
#include "strategies/concurrent_poller.hpp"
#include "strategies/contract.hpp"
#include "strategies/corrected.hpp"
#include "strategies/event_stream.hpp"
#include "strategies/exponential_backoff.hpp"
#include "strategies/fixed_interval.hpp"
#include "strategies/hybrid_webhook.hpp"
#include "strategies/long_poll.hpp"
#include "strategies/progress_aware.hpp"
#include "strategies/resilient.hpp"
#include "strategies/scheduled_polls.hpp"
#include "strategies/server_hinted.hpp"
#include "strategies/webhook.hpp"

namespace pollbench::strategies {

using Strategy = std::variant<FixedInterval, Adaptive, ExponentialBackoff, ConcurrentPoller, Webhook, Resilient,
                              Optimal, Backoff, CorrectedAdaptive, CorrectedConcurrent, BatchConcurrent, HybridWebhook,
                              ServerHinted, LongPoll, EventStream, ProgressAware>;

// Calls `rounds(poller)` for a round poller, else `tasks(the task policy for this
// model)`; both must return one type. Every alternative has exactly one shape.
template <class OnRounds, class OnTasks>
auto visit_shape(const Strategy& strategy, std::string_view model, OnRounds rounds, OnTasks tasks) {
  return std::visit(
      [&](const auto& policy) {
        using P = std::decay_t<decltype(policy)>;
        static_assert(AnyShape<P>, "a strategy must be a TaskPolicy, PerModel or RoundPoller");
        if constexpr (RoundPoller<P>)
          return rounds(policy);
        else if constexpr (PerModel<P>)
          return tasks(policy.for_model(model));
        else
          return tasks(policy);
      },
      strategy);
}

// Strategies told of the result by a callback: their requests are not the polling
// frontier's business, so no efficiency is reported for them.
inline bool uses_callbacks(const Strategy& s) {
  return visit_shape(
      s, {}, [](const auto&) { return false; },
      [](const auto& policy) { return HearsCallbacks<std::decay_t<decltype(policy)>>; });
}

// Strategies that know more about a task than its elapsed time: the unconditional optimum
// does not bound them, so their efficiency may exceed 1 and is marked as informed.
inline bool uses_information(const Strategy& s) {
  return visit_shape(
      s, {}, [](const auto&) { return false; },
      [](const auto& policy) { return Informed<std::decay_t<decltype(policy)>>; });
}

// The server features a strategy needs of a model to run on it.
inline Needs needs(const Strategy& s) {
  return visit_shape(
      s, {}, [](const auto&) { return Needs{}; },
      [](const auto& policy) { return needs_of<std::decay_t<decltype(policy)>>(); });
}

struct NamedStrategy {
  std::string name;  // the row label
  Strategy strategy;
};

}  // namespace pollbench::strategies
