#pragma once
// The two shapes of client a live run drives, over the very strategy objects the
// simulator runs: a task polled on its own (every policy but the concurrent pollers),
// and the guide's TaskPoller, which polls all of a client's tasks in rounds. Both
// follow the simulator's rules step for step (bench/sim_driver.cpp); only where time and
// answers come from differs.

#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

#include "bench/client/round_client.hpp"
#include "bench/client/task_record.hpp"
#include "bench/live/event_stream_client.hpp"
#include "bench/live/status_answer.hpp"
#include "bench/drivers/strategy_draws.hpp"
#include "bench/live/live_context.hpp"

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
    std::string id;        // the server's task id, once submitted
    Clock::time_point t0;  // when the submission's answer came: the client's zero
    bool started = false, ended = false, awaiting_callback = false;
  };

  virtual void began(std::uint64_t task) = 0;
  virtual void heard(std::uint64_t task, const Callback& callback) = 0;

  void end(std::uint64_t task);
  void report(std::uint64_t task, const Report& r);
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

// A task polled on its own: the TaskClient state machine, fed answers over HTTP and
// callbacks from the receiver as they arrive.
template <strategies::TaskPolicy Policy>
class IndependentPair final : public LivePair {
 public:
  IndependentPair(LiveContext& ctx, const ModelWorld& world, std::string series, Policy policy)
      : LivePair(ctx, world, std::move(series), strategies::HearsCallbacks<Policy>),
        policy_(std::move(policy)),
        flows_(world.tasks) {}

 private:
  struct Flow {
    std::optional<TaskClient<Policy>> client;
    LiveContext::TimerId poll = 0;
    // The event stream of a policy that listens: the open connection, the last event id
    // seen (Last-Event-ID on reopening), when its head came and it was last heard from,
    // its events, and the timer of the client's limit on waiting for the next one.
    std::shared_ptr<EventStreamClient> stream;
    std::optional<std::uint32_t> seen;
    Clock::time_point answered{}, last_heard{};
    std::uint32_t events = 0;
    LiveContext::TimerId listen_limit = 0;
  };

  void began(std::uint64_t task) override {
    flows_[task].client.emplace(policy_, draw_for<Policy>(world_, task, 0));
    act(task);
  }

  // Follows the client's next step: a poll on a timer, a listen, its report, or waiting.
  void act(std::uint64_t task) {
    auto& client = *flows_[task].client;
    if constexpr (strategies::Listens<Policy>) {
      if (const auto from = client.listen_at()) return listen(task, *from, client.hold());
      close_stream(task);
    }
    if (const auto at = client.poll_at()) {
      const auto wanted = ctx_.wall(lives_[task].t0, *at);
      flows_[task].poll = ctx_.after(wanted, [this, task, wanted, hold = client.hold()] {
        flows_[task].poll = 0;
        ctx_.status(
            {lives_[task].id}, client_of(task), wanted, [this, task](const HttpExchange& ex) { answered(task, ex); },
            hold);
      });
      return;
    }
    if (client.finished()) {
      if (const auto r = client.report()) report(task, *r);
      return end(task);
    }
    lives_[task].awaiting_callback = client.awaiting_callback();
  }

  void answered(std::uint64_t task, const HttpExchange& ex) {
    count_rate(ex);
    const auto answer = read_status_answer(ex, ctx_.scale);
    // A held answer's time is the server's hold, not the network's.
    if (flows_[task].client->hold() == sim::Duration{}) measure_overhead(task, ex, answer.reply);
    const auto seen = observe(task, answer, ex.finished);
    count_request(outcome_.tasks[task], answer.reply, 1.0, ctx_.since(lives_[task].t0, ex.sent), seen.now);
    hear(task, seen);
  }

  // The client hears `seen` and takes its next step, unless a callback settled it first.
  void hear(std::uint64_t task, Observation seen) {
    auto& client = *flows_[task].client;
    if (client.finished()) return;
    seen.uniform = draw_for<Policy>(world_, task, outcome_.tasks[task].requests);
    client.answered(seen);
    act(task);
  }

  // Listening from `from` for at most `hold`: opens the stream then, or keeps the open one.
  void listen(std::uint64_t task, sim::Duration from, sim::Duration hold) {
    auto& f = flows_[task];
    const auto limit = ctx_.wall(lives_[task].t0, from + hold);
    if (f.stream) return limit_listening(task, limit);
    const auto wanted = ctx_.wall(lives_[task].t0, from);
    f.poll = ctx_.after(wanted, [this, task, wanted, limit] {
      flows_[task].poll = 0;
      flows_[task].stream = ctx_.stream(
          lives_[task].id, client_of(task), flows_[task].seen, wanted,
          {[this, task, limit](const HttpExchange& ex) { opened(task, ex, limit); },
           [this, task](std::uint32_t id, const std::string& data, Clock::time_point at) { event(task, id, data, at); },
           [this, task](Clock::time_point at) { stream_ended(task, at); }});
    });
  }

  void opened(std::uint64_t task, const HttpExchange& ex, Clock::time_point limit) {
    auto& f = flows_[task];
    count_rate(ex);
    const auto sent = ctx_.since(lives_[task].t0, ex.sent);
    if (const auto* head = std::get_if<HttpResponse>(&ex.result); head && head->status == 200) {
      count_request(outcome_.tasks[task], sim::Reply::waiting, 1.0, sent, ctx_.since(lives_[task].t0, ex.finished));
      f.answered = f.last_heard = ex.finished;
      f.events = 0;
      return limit_listening(task, limit);
    }
    // No stream: an error answer, heard as a status request's.
    f.stream.reset();
    ctx_.stream_done();
    const auto answer = read_status_answer(ex, ctx_.scale);
    const auto seen = observe(task, answer, ex.finished);
    count_request(outcome_.tasks[task], answer.reply, 1.0, sent, seen.now);
    hear(task, seen);
  }

  void event(std::uint64_t task, std::uint32_t id, const std::string& data, Clock::time_point at) {
    auto& f = flows_[task];
    Observation seen;
    seen.now = ctx_.since(lives_[task].t0, at);
    seen.reply = sim::Reply::malformed_body;
    if (const auto state = read_stream_event(data, ctx_.scale)) {
      seen.reply = state->state;
      seen.progress = state->progress;
      seen.fail_message_mentions_network = state->fail_message_mentions_network;
    }
    f.seen = id;
    ++f.events;
    f.last_heard = at;
    outcome_.tasks[task].last_answer_at = seen.now;
    if (!strategies::is_pending(seen.reply)) close_stream(task);  // the server closes after the end
    hear(task, seen);
  }

  // The server closed the stream (an idle cut, or after a terminal event the client lost).
  void stream_ended(std::uint64_t task, Clock::time_point at) {
    flows_[task].last_heard = at;
    close_stream(task);
    hear(task, {ctx_.since(lives_[task].t0, at), sim::Reply::connection_reset});
  }

  // The client's limit on waiting for the stream's next event: a timeout when it passes.
  void limit_listening(std::uint64_t task, Clock::time_point limit) {
    auto& f = flows_[task];
    if (f.listen_limit) ctx_.cancel(std::exchange(f.listen_limit, 0));
    f.listen_limit = ctx_.after(limit, [this, task, limit] {
      flows_[task].listen_limit = 0;
      flows_[task].last_heard = limit;
      close_stream(task);
      hear(task, {ctx_.since(lives_[task].t0, limit), sim::Reply::timeout});
    });
  }

  // Leaves the task's open stream, counting the connection's time and events.
  void close_stream(std::uint64_t task) {
    auto& f = flows_[task];
    if (!f.stream) return;
    std::exchange(f.stream, nullptr)->close();
    if (f.listen_limit) ctx_.cancel(std::exchange(f.listen_limit, 0));
    const auto closed = std::max(f.answered, f.last_heard);
    count_stream(outcome_.tasks[task], ctx_.since(lives_[task].t0, f.answered), ctx_.since(lives_[task].t0, closed),
                 f.events);
    outcome_.rate.hold(sim::Time{ctx_.since(ctx_.start, f.answered)}, sim::Time{ctx_.since(ctx_.start, closed)});
    ctx_.stream_done();
  }

  void heard(std::uint64_t task, const Callback& callback) override {
    const auto seen = callback_observation(task, callback);
    if (!seen || !flows_[task].client->called_back(*seen)) return;
    // What comes next is scheduled before the poll it replaces is cancelled, so the
    // run's count of work never touches zero in between.
    const auto replaced = std::exchange(flows_[task].poll, 0);
    lives_[task].awaiting_callback = false;
    act(task);
    if (replaced) ctx_.cancel(replaced);
  }

  const Policy policy_;  // a copy: a model's policy may be made on the fly
  std::vector<Flow> flows_;
};

// The guide's TaskPoller, per scenario client: the RoundClient state machine, its
// rounds' requests sent over HTTP and their answers heard as they arrive.
template <strategies::RoundPoller Poller>
class ConcurrentPair final : public LivePair {
 public:
  using Rounds = std::decay_t<decltype(std::declval<const Poller&>().rounds_for(std::string_view{}))>;

  ConcurrentPair(LiveContext& ctx, const ModelWorld& world, std::string series, const Poller& poller)
      : LivePair(ctx, world, std::move(series), false),
        rounds_(poller.rounds_for(world.model.name)),
        interval_(poller.interval_for(world.model.name)),
        states_(world.tasks) {
    clients_.reserve(world.clients);
    for (std::uint64_t c = 0; c < world.clients; ++c) clients_.emplace_back(rounds_, poller.batch_size(), states_);
  }

 private:
  void began(std::uint64_t task) override {
    const auto ci = task % clients_.size();
    if (clients_[ci].submitted(task)) start_round(ci, Clock::now());
  }

  void start_round(std::size_t ci, Clock::time_point wanted) {
    auto& c = clients_[ci];
    const auto& round = c.start_round();
    for (std::size_t first = 0; first < round.size(); first += c.batch()) {
      std::vector<std::string> ids;
      for (std::size_t slot = first; slot < first + c.batch_size_at(first); ++slot)
        ids.push_back(lives_[round[slot]].id);
      ctx_.status(ids, client_of(round[first]), wanted,
                  [this, ci, first, lead = round[first]](const HttpExchange& ex) { answered(ci, first, lead, ex); });
    }
  }

  void answered(std::size_t ci, std::size_t first, std::uint64_t lead, const HttpExchange& ex) {
    auto& c = clients_[ci];
    count_rate(ex);
    const auto answer = read_status_answer(ex, ctx_.scale);
    measure_overhead(lead, ex, answer.reply);  // the batch's fate is its first task's
    const auto share = 1.0 / static_cast<double>(c.batch_size_at(first));
    const auto seen = [&](std::uint64_t task) {
      const auto o = observe(task, answer, ex.finished);
      count_request(outcome_.tasks[task], o.reply, share, ctx_.since(lives_[task].t0, ex.sent), o.now);
      return o;
    };
    const auto reported = [&](std::uint64_t task, const Report& r) {
      report(task, r);
      end(task);
    };
    switch (c.answered(first, seen, reported)) {
      case AfterAnswer::wait:
      case AfterAnswer::stop:
        return;
      case AfterAnswer::restart:
        return start_round(ci, Clock::now());
      case AfterAnswer::next_round: {
        const auto wanted = ex.finished + ctx_.scale.to_wall(interval_);
        ctx_.after(wanted, [this, ci, wanted] { start_round(ci, wanted); });
        return;
      }
    }
  }

  void heard(std::uint64_t, const Callback&) override {}

  Rounds rounds_;
  sim::Duration interval_;
  std::vector<typename Rounds::State> states_;
  std::vector<RoundClient<Rounds>> clients_;
};

}  // namespace pollbench::bench::live
