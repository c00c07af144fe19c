#pragma once
// The guide's callback mode: submit with a callback_url and wait. Nothing polls, so
// a lost delivery or a task that never finishes is never reported (sharp edge).

#include "strategies/observation.hpp"

namespace pollbench::strategies {

struct Webhook {
  static constexpr const char* kind = "webhook";
  static constexpr bool listens_for_callback = true;  // the driver delivers the webhook as an observation

  struct State {};

  Decision first(State&) const { return Decision::await_callback(); }
  Decision next(State&, const Observation& o) const { return Decision::report(verdict_of_terminal(o.reply)); }
};

}  // namespace pollbench::strategies
