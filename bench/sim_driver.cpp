#include "bench/sim_driver.hpp"

#include <algorithm>
#include <concepts>

#include "bench/strategy_draws.hpp"
#include "bench/strategy_shape.hpp"
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

// One status request: asks the service, counts it, and says what the client saw. A
// request the client's rate limit refuses gets a 429 with the limiter's Retry-After.
Observation send_status(const ModelWorld& world, std::uint64_t task, sim::Time sent, sim::Duration since_submit,
                        TaskRecord& record, RateHistogram& rate, bool draw_uniform,
                        std::optional<sim::Duration> refused = std::nullopt) {
  rate.add(sent);
  auto answer = world.service.status(world.truths[task], task, record.requests, since_submit);
  if (refused) {  // the limiter answers at once, before the service looks at the task: no hint
    answer.reply = sim::Reply::http_429;
    answer.latency = {};
    answer.retry_after = *refused;
    answer.poll_after = {};
  }
  // What the network adds: nothing unless a live run measured it. A stall ends on the
  // client's own timer, which the network does not move.
  if (answer.reply != sim::Reply::timeout) answer.latency += world.request_overhead;
  ++record.requests;
  record.request_cost += 1;
  record.errors += strategies::is_error(answer.reply);
  record.http_429 += answer.reply == sim::Reply::http_429;
  Observation seen{since_submit + answer.latency, answer.reply, answer.retry_after, world.fail_message_mentions_network};
  seen.poll_after = answer.poll_after;
  // Attempt k + 1 of the strategy stream: 0 is the first poll's draw.
  if (draw_uniform) seen.uniform = strategy_uniform(world, task, record.requests);
  return seen;
}

// The life of one task under a policy that waits on it alone, as a machine that stops
// at each status request: a loop runs it straight through, or an event queue
// interleaves the tasks of a client that share a rate limit.
template <class Policy>
class TaskRun {
 public:
  TaskRun(const Policy& policy, const ModelWorld& world, std::uint64_t task)
      : policy_(policy), truth_(world.truths[task]), record_(fresh_record(truth_)) {
    decision_ = first_decision(policy, state_, world, task);
    if constexpr (requires { Policy::listens_for_callback; }) callback_ = world.service.webhook(truth_, task);
  }

  // When the next status request goes out (from submission), or nullopt once the task
  // is reported or abandoned.
  std::optional<sim::Duration> next_request() {
    for (;;) {
      const bool polling = decision_.kind == Decision::Kind::poll;
      if ((polling || decision_.kind == Decision::Kind::await_callback) && callback_.delivered &&
          (!polling || callback_.first_at <= now_ + decision_.delay)) {
        // The callback arrives first: only its first copy counts.
        callback_.delivered = false;
        now_ = callback_.first_at;
        decision_ = policy_.next(state_, {now_, sim::state_at(truth_, now_), {}, false});
        continue;
      }
      if (polling) return now_ + decision_.delay;
      if (decision_.kind == Decision::Kind::report) {
        record_.verdict = client_verdict(decision_.verdict);
        record_.known_at = now_ + decision_.delay;
      }
      return std::nullopt;  // reported, crashed, or waiting for a callback that never comes
    }
  }

  void answered(const Observation& seen) {
    // A callback that lands while the request is in flight is heard first.
    if (callback_.delivered && callback_.first_at <= seen.now) {
      callback_.delivered = false;
      now_ = callback_.first_at;
      decision_ = policy_.next(state_, {now_, sim::state_at(truth_, now_), {}, false});
      if (decision_.kind != Decision::Kind::poll) return;
    }
    now_ = seen.now;
    decision_ = policy_.next(state_, seen);
  }

  TaskRecord& record() { return record_; }

 private:
  const Policy& policy_;
  const sim::TaskTruth& truth_;
  TaskRecord record_;
  typename Policy::State state_{};
  Decision decision_;
  sim::Duration now_{};
  sim::WebhookDelivery callback_;
};

// Tasks that share nothing: each task's whole life is a short loop, no queue needed.
template <class Policy>
PairOutcome run_independent(const Policy& policy, const ModelWorld& world) {
  PairOutcome out;
  out.tasks.reserve(world.truths.size());
  for (std::uint64_t task = 0; task < world.truths.size(); ++task) {
    TaskRun<Policy> run(policy, world, task);
    while (const auto at = run.next_request())
      run.answered(send_status(world, task, world.arrivals[task] + *at, *at, run.record(), out.rate, jitters<Policy>));
    out.tasks.push_back(run.record());
  }
  return out;
}

// Tasks of one client share its key's rate limit, so their requests must meet the
// token bucket in time order: one event queue per client, clients independent.
template <class Policy>
PairOutcome run_rate_limited(const Policy& policy, const ModelWorld& world) {
  const auto n = world.truths.size();
  PairOutcome out;
  std::vector<std::optional<TaskRun<Policy>>> runs(n);
  for (std::uint64_t client = 0; client < world.clients; ++client) {
    sim::TokenBucket bucket(world.rate_limit);
    sim::EventQueue<std::uint64_t> queue;
    auto schedule_next = [&](std::uint64_t task) {
      if (const auto at = runs[task]->next_request()) queue.schedule(world.arrivals[task] + *at, task);
    };
    for (std::uint64_t task = client; task < n; task += world.clients) {
      runs[task].emplace(policy, world, task);
      schedule_next(task);
    }
    while (!queue.empty()) {
      const auto [at, sequence, task] = queue.pop();
      const auto since_submit = at - world.arrivals[task];
      runs[task]->answered(send_status(world, task, at, since_submit, runs[task]->record(), out.rate, jitters<Policy>,
                                           bucket.refuse(at)));
      schedule_next(task);
    }
  }
  out.tasks.reserve(n);
  for (auto& run : runs) out.tasks.push_back(run->record());
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
  const std::size_t batch = [&]() -> std::size_t {
    if constexpr (requires { poller.max_batch; }) return poller.max_batch;
    else return 1;
  }();

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
    std::vector<std::uint64_t> kept;    // next round's, reused across rounds
    sim::TokenBucket bucket(world.rate_limit);
    const bool limited = world.rate_limit.requests_per_s > 0;
    bool running = false;
    Observation lead_seen;       // the current batch's answer
    sim::Duration lead_at{};     // when its request went out, from its first task's submission
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
        kept.clear();
        for (std::size_t i = 0; i < active.size(); ++i) {
          const auto task = active[i];
          // One request per batch: its first task's keyed stream draws the fault and the
          // latency that every id in it shares; the others read their own state.
          const std::size_t lead = i - i % batch, size = std::min(batch, active.size() - lead);
          Observation seen;
          if (i == lead) {
            seen = send_status(world, task, at, at - world.arrivals[task], out.tasks[task], out.rate, false,
                               limited ? bucket.refuse(at) : std::nullopt);
            out.tasks[task].request_cost -= 1.0 - 1.0 / static_cast<double>(size);
            lead_seen = seen;
            lead_at = at - world.arrivals[task];
          } else {
            auto& record = out.tasks[task];
            ++record.requests;
            record.request_cost += 1.0 / static_cast<double>(size);
            const auto since_submit = at - world.arrivals[task];
            seen = lead_seen;
            seen.now = since_submit + (lead_seen.now - lead_at);
            if (!strategies::is_error(lead_seen.reply)) seen.reply = sim::state_at(world.truths[task], since_submit);
            record.errors += strategies::is_error(seen.reply);
            record.http_429 += seen.reply == sim::Reply::http_429;
          }
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
        active.swap(kept);
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

}  // namespace

ModelWorld::ModelWorld(const sim::Scenario& scenario, const sim::ModelProfile& m)
    : model(m),
      seed(scenario.seed),
      service(m, scenario.seed, scenario.request_timeout),
      arrivals(sim::arrival_times(scenario.arrival, scenario.seed, m.key, scenario.tasks_per_model)),
      clients(scenario.clients_per_model),
      rate_limit(scenario.rate_limit),
      fail_message_mentions_network(mentions_network(m.failure)) {
  truths.reserve(scenario.tasks_per_model);
  for (std::uint64_t task = 0; task < scenario.tasks_per_model; ++task)
    truths.push_back(sim::draw_truth(m, scenario.seed, task));
}

PairOutcome simulate(const strategies::Strategy& strategy, const ModelWorld& world) {
  return visit_shape(
      strategy, world.model.name, [&](const auto& poller) { return run_concurrent(poller, world); },
      [&](const auto& policy) {
        return world.rate_limit.requests_per_s > 0 ? run_rate_limited(policy, world) : run_independent(policy, world);
      });
}

}  // namespace pollbench::bench
