#include "bench/sim_driver.hpp"

#include <algorithm>
#include <concepts>

#include "sim/arrival.hpp"
#include "sim/event_queue.hpp"

namespace pollbench::bench {

namespace {

using strategies::Decision;
using strategies::Observation;

// resilientPoll matches 'network' in the Error it throws: `${failCode}: ${failMsg}`.
bool mentions_network(const sim::FailureProfile& f) {
  return (f.code + ": " + f.message).find("network") != std::string::npos;
}

// One status request: asks the service, counts it, and says what the client saw.
Observation send_status(const ModelWorld& world, std::uint64_t task, sim::Time sent, sim::Duration since_submit,
                        TaskRecord& record, RateHistogram& rate) {
  rate.add(sent);
  const auto answer = world.service.status(world.truths[task], task, record.requests, since_submit);
  ++record.requests;
  record.errors += strategies::is_error(answer.reply);
  Observation seen{since_submit + answer.latency, answer.reply, answer.retry_after, world.fail_message_mentions_network};
  // Attempt k + 1 of the strategy stream: 0 is the first poll's draw.
  seen.uniform = sim::RandomStream({world.seed, world.model.key, task, sim::Purpose::strategy, record.requests}).uniform();
  return seen;
}

TaskRecord fresh_record(const sim::TaskTruth& truth) {
  TaskRecord r;
  r.truth = truth.outcome;
  r.terminal_at = truth.terminal_at;
  return r;
}

// A policy that jitters its first poll gets a draw from the task's strategy stream.
template <class Policy>
Decision first_decision(const Policy& policy, typename Policy::State& state, const ModelWorld& world, std::uint64_t task) {
  if constexpr (requires { policy.first(state, 0.5); })
    return policy.first(state, sim::RandomStream({world.seed, world.model.key, task, sim::Purpose::strategy, 0}).uniform());
  else
    return policy.first(state);
}

// A policy that waits on one task alone: the whole life of each task is a short loop.
template <class Policy>
PairOutcome run_independent(const Policy& policy, const ModelWorld& world) {
  PairOutcome out;
  out.tasks.reserve(world.truths.size());
  for (std::uint64_t task = 0; task < world.truths.size(); ++task) {
    const auto& truth = world.truths[task];
    TaskRecord record = fresh_record(truth);
    typename Policy::State state{};
    Decision d = first_decision(policy, state, world, task);
    sim::Duration now{};
    sim::WebhookDelivery callback;
    if constexpr (requires { Policy::listens_for_callback; }) callback = world.service.webhook(truth, task);
    for (;;) {
      if (d.kind == Decision::Kind::poll && callback.delivered && callback.first_at <= now + d.delay) {
        // The callback arrives before the next poll would go out: only its first copy counts.
        callback.delivered = false;
        now = callback.first_at;
        d = policy.next(state, {now, sim::state_at(truth, now), {}, false});
      } else if (d.kind == Decision::Kind::poll) {
        now += d.delay;
        const auto seen = send_status(world, task, world.arrivals[task] + now, now, record, out.rate);
        now = seen.now;
        d = policy.next(state, seen);
      } else if (d.kind == Decision::Kind::await_callback) {
        const auto delivery = world.service.webhook(truth, task);
        if (!delivery.delivered) break;  // lost: nobody ever hears of it
        now = delivery.first_at;
        d = policy.next(state, {now, sim::state_at(truth, now), {}, false});
      } else {
        if (d.kind == Decision::Kind::report) {
          record.verdict = client_verdict(d.verdict);
          record.known_at = now + d.delay;
        }
        break;
      }
    }
    out.tasks.push_back(record);
  }
  return out;
}

// The document's TaskPoller: per client, rounds of simultaneous requests. Clients share
// nothing, so each runs to completion with its own event queue.
template <class Poller>
PairOutcome run_concurrent(const Poller& poller, const ModelWorld& world) {
  const auto n = world.truths.size();
  PairOutcome out;
  out.tasks.reserve(n);
  for (const auto& truth : world.truths) out.tasks.push_back(fresh_record(truth));
  std::vector<typename Poller::State> states(n);
  const auto& policy = poller.rounds_for(world.model.name);
  const auto interval = poller.interval_for(world.model.name);

  struct Event {
    enum class Kind { arrival, round_start, round_end } kind;
    std::uint64_t task;  // arrival only
    bool crashed;        // round_end only
  };
  for (std::uint64_t client = 0; client < world.clients; ++client) {
    sim::EventQueue<Event> queue;
    for (std::uint64_t task = client; task < n; task += world.clients)
      queue.schedule(world.arrivals[task], {Event::Kind::arrival, task, false});
    std::vector<std::uint64_t> active;  // the JS Map's keys, in insertion order
    bool running = false;
    while (!queue.empty()) {
      const auto [at, sequence, event] = queue.pop();
      if (event.kind == Event::Kind::arrival) {
        active.push_back(event.task);
        // poller.add() then start(): a start while a loop runs is not repeated.
        if (!running) queue.schedule(at, {Event::Kind::round_start, 0, false});
        running = true;
      } else if (event.kind == Event::Kind::round_start) {
        sim::Time end = at;
        sim::Time first_error = sim::Time::max();
        std::vector<std::uint64_t> kept;
        for (const auto task : active) {
          const auto seen = send_status(world, task, at, at - world.arrivals[task], out.tasks[task], out.rate);
          const auto answered = world.arrivals[task] + seen.now;
          end = std::max(end, answered);
          const Decision d = policy.next(states[task], seen);
          if (d.kind == Decision::Kind::report) {
            out.tasks[task].verdict = client_verdict(d.verdict);
            out.tasks[task].known_at = seen.now;
          } else {
            if (d.kind == Decision::Kind::crash) first_error = std::min(first_error, answered);
            kept.push_back(task);
          }
        }
        active = std::move(kept);
        const bool crashed = first_error != sim::Time::max();
        // Promise.all rejects at the first error; otherwise it resolves with the last answer.
        queue.schedule(crashed ? first_error : end, {Event::Kind::round_end, 0, crashed});
      } else {
        running = !event.crashed && !active.empty();
        if (running) queue.schedule(at + interval, {Event::Kind::round_start, 0, false});
      }
    }
  }
  return out;
}

template <class S>
concept PerModel = requires(const S& s) { s.for_model(std::string_view{}); };

}  // namespace

ModelWorld::ModelWorld(const sim::Scenario& scenario, const sim::ModelProfile& m)
    : model(m),
      seed(scenario.seed),
      service(m, scenario.seed, scenario.request_timeout),
      arrivals(sim::arrival_times(scenario.arrival, scenario.seed, m.key, scenario.tasks_per_model)),
      clients(scenario.clients_per_model),
      fail_message_mentions_network(mentions_network(m.failure)) {
  truths.reserve(scenario.tasks_per_model);
  for (std::uint64_t task = 0; task < scenario.tasks_per_model; ++task)
    truths.push_back(sim::draw_truth(m, scenario.seed, task));
}

PairOutcome simulate(const strategies::Strategy& strategy, const ModelWorld& world) {
  return std::visit(
      [&](const auto& policy) {
        using S = std::decay_t<decltype(policy)>;
        if constexpr (requires { policy.interval_for(std::string_view{}); }) {
          return run_concurrent(policy, world);
        } else if constexpr (PerModel<S>) {
          return run_independent(policy.for_model(world.model.name), world);
        } else {
          return run_independent(policy, world);
        }
      },
      strategy);
}

}  // namespace pollbench::bench
