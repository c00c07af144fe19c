#pragma once
// Callback mode with a safety net: the webhook reports the task, and a slow fallback
// poll catches the deliveries that never come. Duplicate deliveries are ignored: only
// the first one is acted on.

#include "strategies/steady_poll.hpp"

namespace pollbench::strategies {

struct HybridWebhook : SteadyPoll {
  static constexpr const char* kind = "hybrid_webhook";
  static constexpr bool listens_for_callback = true;  // the driver delivers the webhook as an observation

  HybridWebhook()
      : SteadyPoll{std::chrono::milliseconds{60000}, std::chrono::milliseconds{30000},
                   std::chrono::milliseconds{1800000}} {}
};

}  // namespace pollbench::strategies
