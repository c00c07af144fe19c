#pragma once
// One task's client as a pure state machine: it hears answers and callbacks, each with
// the moment it reached the client (from submission), and says when its next status
// request goes out or what it reported. The simulator and the live driver both run it;
// they only decide where answers come from and in which order they arrive.

#include <optional>
#include <utility>

#include "strategies/contract.hpp"

namespace pollbench::bench {

struct Report {
  strategies::Verdict verdict;
  strategies::Duration at;  // from submission, when the caller hears it
};

template <strategies::TaskPolicy Policy>
class TaskClient {
 public:
  using Decision = strategies::Decision;
  using Duration = strategies::Duration;

  // `policy` must outlive the client; `first_uniform` is the first step's draw.
  TaskClient(const Policy& policy, double first_uniform)
      : policy_(&policy), decision_(strategies::first_decision(policy, state_, first_uniform)) {}

  // When the next status request goes out, while the client polls.
  std::optional<Duration> poll_at() const {
    if (decision_.kind != Decision::Kind::poll) return std::nullopt;
    return now_ + decision_.delay;
  }
  // How long the next request may be held (a long poll), or a listen wait for an event.
  Duration hold() const { return decision_.hold; }
  // When the client listens to the task's event stream from, while it listens.
  std::optional<Duration> listen_at() const {
    if (decision_.kind != Decision::Kind::listen) return std::nullopt;
    return now_ + decision_.delay;
  }
  bool awaiting_callback() const { return decision_.kind == Decision::Kind::await_callback; }
  bool finished() const { return decision_.kind == Decision::Kind::report || decision_.kind == Decision::Kind::crash; }
  std::optional<Report> report() const {
    if (decision_.kind != Decision::Kind::report) return std::nullopt;
    return Report{decision_.verdict, now_ + decision_.delay};
  }

  // The answer to the request sent at poll_at(), heard at `seen.now`. The answer of a
  // request a callback overtook is not heard: the callback already decided.
  void answered(const strategies::Observation& seen) {
    if (std::exchange(superseded_, false) || finished()) return;
    now_ = seen.now;
    decision_ = policy_->next(state_, seen);
  }

  // The first copy of a webhook, heard at `seen.now` as a terminal answer; later copies
  // change nothing. Returns whether the next step changed, so a driver knows to
  // reschedule. A request sent before the callback came is in flight: if the policy then
  // only says "poll", that request's answer decides instead.
  bool called_back(const strategies::Observation& seen) {
    if (finished() || std::exchange(heard_callback_, true)) return false;
    const auto sent = poll_at();
    const bool in_flight = sent && *sent < seen.now;
    const auto d = policy_->next(state_, seen);
    if (in_flight && d.kind == Decision::Kind::poll) return false;
    superseded_ = in_flight;
    now_ = seen.now;
    decision_ = d;
    return true;
  }

 private:
  const Policy* policy_;
  typename Policy::State state_{};
  Decision decision_;
  Duration now_{};  // when the client last heard something, from submission
  bool heard_callback_ = false;
  bool superseded_ = false;
};

}  // namespace pollbench::bench
