#pragma once
// The two shapes of client a live run drives, over the very strategy objects the
// simulator runs: a task polled on its own (every policy but the concurrent pollers),
// and the document's TaskPoller, which polls all of a client's tasks in rounds. Both
// follow the simulator's rules step for step (bench/sim_driver.cpp); only where time and
// answers come from differs.

#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

#include "bench/live/live_context.hpp"
#include "bench/strategy_draws.hpp"
#include "bench/task_record.hpp"

namespace pollbench::bench::live {

using strategies::Decision;
using strategies::Observation;

// One (strategy, model) pair: its tasks' submissions, records and callbacks.
class LivePair {
 public:
  LivePair(LiveContext& ctx, const ModelWorld& world, std::string series, bool listens);
  virtual ~LivePair() = default;
  LivePair(const LivePair&) = delete;
  LivePair& operator=(const LivePair&) = delete;

  // Schedules every task's submission at its arrival.
  void start();
  // With `whole`, every task (one that never ended is lost); otherwise only the tasks
  // that ended, for a run cut short.
  PairOutcome outcome(bool whole) const;
  std::uint64_t unfinished() const;
  // The latest moment a callback this pair still waits for could arrive, given the
  // scenario's webhook fate of each waiting task and the server's retries.
  std::optional<Clock::time_point> last_callback_due() const;

 protected:
  struct Life {
    std::string id;  // the server's task id, once submitted
    Clock::time_point t0;  // when the submission's answer came: the client's zero
    bool started = false, ended = false, awaiting_callback = false;
  };

  virtual void began(std::uint64_t task) = 0;
  virtual void heard(std::uint64_t task, const Callback& callback) = 0;

  void end(std::uint64_t task);
  void report(std::uint64_t task, const Decision& d, sim::Duration now);
  // Counts one status request that named `task`, charged `share` of it.
  void count_request(std::uint64_t task, sim::Reply reply, double share);
  // What a status request led by `task` took beyond the response time the scenario drew
  // for it (its attempt is the task's count of requests before this one).
  void measure_overhead(std::uint64_t task, const HttpExchange& exchange, sim::Reply reply);
  void count_rate(const HttpExchange& exchange);
  // What the client saw of `task` in an answer: its state, or the whole answer's fault.
  Observation observe(std::uint64_t task, const StatusAnswer& answer, Clock::time_point at) const;
  // A callback as the strategy hears it, or nullopt for a payload without a terminal state.
  std::optional<Observation> callback_observation(std::uint64_t task, const Callback& callback) const;
  std::string client_of(std::uint64_t task) const;

  LiveContext& ctx_;
  const ModelWorld& world_;
  const std::string series_;
  const bool listens_;
  std::vector<Life> lives_;
  PairOutcome outcome_;
};

template <class Policy>
class IndependentPair final : public LivePair {
 public:
  IndependentPair(LiveContext& ctx, const ModelWorld& world, std::string series, Policy policy)
      : LivePair(ctx, world, std::move(series), requires { Policy::listens_for_callback; }),
        policy_(std::move(policy)),
        flows_(world.truths.size()) {}

 private:
  struct Flow {
    typename Policy::State state{};
    Decision decision;
    sim::Duration now{};  // since submission, of what the strategy last heard
    EventLoop::TimerId poll = 0;
    bool in_flight = false;
  };

  void began(std::uint64_t task) override {
    auto& f = flows_[task];
    f.decision = first_decision(policy_, f.state, world_, task);
    act(task);
  }

  void act(std::uint64_t task) {
    auto& f = flows_[task];
    switch (f.decision.kind) {
      case Decision::Kind::poll: {
        const auto wanted = ctx_.wall(lives_[task].t0, f.now + f.decision.delay);
        f.poll = ctx_.after(wanted, [this, task, wanted] {
          flows_[task].poll = 0;
          send(task, wanted);
        });
        return;
      }
      case Decision::Kind::report: report(task, f.decision, f.now); return end(task);
      case Decision::Kind::crash: return end(task);
      case Decision::Kind::await_callback: lives_[task].awaiting_callback = true; return;
    }
  }

  void send(std::uint64_t task, Clock::time_point wanted) {
    flows_[task].in_flight = true;
    ctx_.status({lives_[task].id}, client_of(task), wanted, [this, task](const HttpExchange& ex) { answered(task, ex); });
  }

  void answered(std::uint64_t task, const HttpExchange& ex) {
    auto& f = flows_[task];
    f.in_flight = false;
    count_rate(ex);
    const auto answer = read_status_answer(ex, ctx_.scale);
    measure_overhead(task, ex, answer.reply);
    count_request(task, answer.reply, 1.0);
    if (lives_[task].ended) return;  // a callback came first and settled it
    auto seen = observe(task, answer, ex.finished);
    if constexpr (jitters<Policy>) seen.uniform = strategy_uniform(world_, task, outcome_.tasks[task].requests);
    f.now = seen.now;
    f.decision = policy_.next(f.state, seen);
    act(task);
  }

  void heard(std::uint64_t task, const Callback& callback) override {
    auto& f = flows_[task];
    const auto seen = callback_observation(task, callback);
    if (lives_[task].ended || !seen) return;
    const auto d = policy_.next(f.state, *seen);
    // As in the simulator: with a request in flight, a callback that only says "poll
    // again" leaves the decision to that request's answer.
    if (f.in_flight && d.kind == Decision::Kind::poll) return;
    // What comes next is scheduled before the poll it replaces is cancelled, so the
    // run's count of work never touches zero in between.
    const auto replaced = std::exchange(f.poll, 0);
    lives_[task].awaiting_callback = false;
    f.now = seen->now;
    f.decision = d;
    act(task);
    if (replaced) ctx_.cancel(replaced);
  }

  const Policy policy_;  // a copy: a model's policy may be made on the fly
  std::vector<Flow> flows_;
};

// The document's TaskPoller, per client: a round sends every task's request at once
// (one per batch for the batching variant), waits for all answers, sleeps the model's
// interval, and goes again while any task is left. One error ends the loop (Promise.all)
// until a later submission calls start() again.
template <class Poller>
class ConcurrentPair final : public LivePair {
 public:
  ConcurrentPair(LiveContext& ctx, const ModelWorld& world, std::string series, const Poller& poller)
      : LivePair(ctx, world, std::move(series), false),
        rounds_(poller.rounds_for(world.model.name)),
        interval_(poller.interval_for(world.model.name)),
        batch_([&]() -> std::size_t {
          if constexpr (requires { poller.max_batch; }) return poller.max_batch;
          else return 1;
        }()),
        states_(world.truths.size()),
        clients_(world.clients) {}

 private:
  struct Client {
    std::vector<std::uint64_t> active;  // the JS Map's keys, in insertion order
    std::vector<std::uint64_t> round;   // the tasks of the round in flight
    std::vector<char> kept;             // per round slot: still polling after its answer
    std::vector<std::uint64_t> joined;  // submitted while a round was in flight
    std::size_t outstanding = 0;        // requests of the round not yet answered
    bool round_open = false, running = false, crashed = false;
    bool restart = false;  // start() called after a crash while the crashed round's answers were still out
  };

  void began(std::uint64_t task) override {
    auto& c = clients_[task % clients_.size()];
    (c.round_open ? c.joined : c.active).push_back(task);
    if (c.running) return;  // poller.add() then start(): a start while a loop runs is not repeated
    c.running = true;
    if (c.round_open) c.restart = true;
    else start_round(task % clients_.size(), Clock::now());
  }

  void start_round(std::size_t ci, Clock::time_point wanted) {
    auto& c = clients_[ci];
    c.round = std::exchange(c.active, {});
    c.kept.assign(c.round.size(), 0);
    c.round_open = true;
    c.crashed = false;
    c.outstanding = (c.round.size() + batch_ - 1) / batch_;  // all of them, before any answer can come
    for (std::size_t first = 0; first < c.round.size(); first += batch_) {
      const auto size = std::min(batch_, c.round.size() - first);
      std::vector<std::string> ids;
      for (std::size_t j = first; j < first + size; ++j) ids.push_back(lives_[c.round[j]].id);
      ctx_.status(ids, client_of(c.round[first]), wanted,
                  [this, ci, first, size](const HttpExchange& ex) { answered(ci, first, size, ex); });
    }
  }

  void answered(std::size_t ci, std::size_t first, std::size_t size, const HttpExchange& ex) {
    auto& c = clients_[ci];
    count_rate(ex);
    const auto answer = read_status_answer(ex, ctx_.scale);
    measure_overhead(c.round[first], ex, answer.reply);  // the batch's fate is its first task's
    bool crash = false;
    for (std::size_t j = first; j < first + size; ++j) {
      const auto task = c.round[j];
      const auto seen = observe(task, answer, ex.finished);
      count_request(task, seen.reply, 1.0 / static_cast<double>(size));
      const auto d = rounds_.next(states_[task], seen);
      if (d.kind == Decision::Kind::report) {
        report(task, d, seen.now);
        end(task);
      } else {
        crash = crash || d.kind == Decision::Kind::crash;
        c.kept[j] = 1;
      }
    }
    if (crash && !c.crashed) {  // Promise.all rejects at the first error: start() throws
      c.crashed = true;
      c.running = false;
    }
    if (--c.outstanding > 0) return;
    c.round_open = false;
    for (std::size_t j = 0; j < c.round.size(); ++j)
      if (c.kept[j]) c.active.push_back(c.round[j]);
    c.active.insert(c.active.end(), c.joined.begin(), c.joined.end());
    c.joined.clear();
    if (c.crashed) {
      if (std::exchange(c.restart, false)) start_round(ci, Clock::now());
      return;
    }
    c.running = !c.active.empty();
    if (c.running) {
      const auto wanted = ex.finished + ctx_.scale.to_wall(interval_);
      ctx_.after(wanted, [this, ci, wanted] { start_round(ci, wanted); });
    }
  }

  void heard(std::uint64_t, const Callback&) override {}

  std::decay_t<decltype(std::declval<const Poller&>().rounds_for(std::string_view{}))> rounds_;
  sim::Duration interval_;
  std::size_t batch_;
  std::vector<typename Poller::State> states_;
  std::vector<Client> clients_;
};

}  // namespace pollbench::bench::live
