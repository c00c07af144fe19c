#pragma once
// One scenario client of the guide's TaskPoller as a pure state machine: a round sends
// every task's status request at once (one per batch of ids), hears the answers in the
// order they arrive, and once all are back sleeps the model's interval while any task is
// left. One error ends the loop (Promise.all) until a later submission starts it again;
// a restart waits for the crashed round's last answer, so no task has two requests out.

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "bench/client/task_client.hpp"

namespace pollbench::bench {

// What a client does once an answer has been heard.
enum class AfterAnswer : std::uint8_t {
  wait,        // answers of this round are still out
  next_round,  // the round is over: the next one starts after the interval
  restart,     // the round crashed, and a submission since asks for a round now
  stop,        // no task left, or the round crashed
};

template <strategies::RoundPolicy Policy>
class RoundClient {
 public:
  using State = typename Policy::State;

  // `policy` and `states` (indexed by task) must outlive the client.
  RoundClient(const Policy& policy, std::size_t batch, std::vector<State>& states)
      : policy_(&policy), batch_(batch), states_(&states) {}

  // A task joins the next round (poller.add() then start()). Returns true when the poller
  // was idle and a round must start now; a start while a loop runs is not repeated.
  bool submitted(std::uint64_t task) {
    (round_open_ ? joined_ : active_).push_back(task);
    if (std::exchange(running_, true)) return false;
    restart_ = round_open_;
    return !round_open_;
  }

  // The round's tasks in order; request k covers tasks [k * batch, (k + 1) * batch).
  const std::vector<std::uint64_t>& start_round() {
    round_.swap(active_);  // both keep their memory: a round allocates nothing
    active_.clear();
    kept_.assign(round_.size(), 0);
    round_open_ = true;
    crashed_ = false;
    outstanding_ = (round_.size() + batch_ - 1) / batch_;
    return round_;
  }
  std::size_t batch() const { return batch_; }
  std::size_t batch_size_at(std::size_t first) const { return std::min(batch_, round_.size() - first); }

  // The request for the batch starting at slot `first` was answered: `seen(task)` is
  // what each of its tasks saw, `reported(task, report)` hears each task reported.
  template <class Seen, class Reported>
  AfterAnswer answered(std::size_t first, Seen&& seen, Reported&& reported) {
    bool crash = false;
    for (std::size_t slot = first; slot < first + batch_size_at(first); ++slot) {
      const auto task = round_[slot];
      const strategies::Observation o = seen(task);
      const auto d = policy_->next((*states_)[task], o);
      if (d.kind == strategies::Decision::Kind::report) {
        reported(task, Report{d.verdict, o.now + d.delay});
      } else {
        crash = crash || d.kind == strategies::Decision::Kind::crash;
        kept_[slot] = 1;
      }
    }
    if (crash && !std::exchange(crashed_, true)) running_ = false;  // Promise.all rejects: start() throws
    if (--outstanding_ > 0) return AfterAnswer::wait;
    return close_round();
  }

 private:
  AfterAnswer close_round() {
    round_open_ = false;
    for (std::size_t slot = 0; slot < round_.size(); ++slot)
      if (kept_[slot]) active_.push_back(round_[slot]);
    active_.insert(active_.end(), joined_.begin(), joined_.end());
    joined_.clear();
    if (crashed_) return std::exchange(restart_, false) ? AfterAnswer::restart : AfterAnswer::stop;
    running_ = !active_.empty();
    return running_ ? AfterAnswer::next_round : AfterAnswer::stop;
  }

  const Policy* policy_;
  std::size_t batch_;
  std::vector<State>* states_;
  std::vector<std::uint64_t> active_;  // the JS Map's keys, in insertion order
  std::vector<std::uint64_t> round_;   // the tasks of the round in flight
  std::vector<char> kept_;             // per round slot: still polling after its answer
  std::vector<std::uint64_t> joined_;  // submitted while a round was in flight
  std::size_t outstanding_ = 0;        // requests of the round not yet answered
  bool round_open_ = false, running_ = false, crashed_ = false;
  bool restart_ = false;  // start() called after a crash while the crashed round's answers were out
};

}  // namespace pollbench::bench
