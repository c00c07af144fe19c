#pragma once
// The closed set of strategies: a variant, so the hot loop is compiled per strategy with
// no virtual calls.

#include <concepts>
#include <string>
#include <variant>

#include "strategies/adaptive.hpp"
#include "strategies/backoff.hpp"
#include "strategies/concurrent_poller.hpp"
#include "strategies/corrected.hpp"
#include "strategies/exponential_backoff.hpp"
#include "strategies/fixed_interval.hpp"
#include "strategies/hybrid_webhook.hpp"
#include "strategies/resilient.hpp"
#include "strategies/scheduled_polls.hpp"
#include "strategies/server_hinted.hpp"
#include "strategies/webhook.hpp"

namespace pollbench::strategies {

using Strategy =
    std::variant<FixedInterval, Adaptive, ExponentialBackoff, ConcurrentPoller, Webhook, Resilient, Optimal, Backoff,
                 CorrectedAdaptive, CorrectedConcurrent, BatchConcurrent, HybridWebhook, ServerHinted>;

// Strategies told of the result by a callback: their requests are not the polling
// frontier's business, so no efficiency is reported for them.
inline bool uses_callbacks(const Strategy& s) {
  return std::visit(
      [](const auto& policy) {
        using P = std::decay_t<decltype(policy)>;
        return requires { P::listens_for_callback; };
      },
      s);
}

struct NamedStrategy {
  std::string name;  // the row label
  Strategy strategy;
};

}  // namespace pollbench::strategies
