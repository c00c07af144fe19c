#pragma once
// The guide's TaskPoller in virtual time: each scenario client's RoundClient, fed its
// submissions and its requests' answers in time order from one event queue per client.
// Clients share nothing, so each runs to completion on its own. The round client knows
// its tasks by their slots in the block of clients being run.

#include "bench/client/round_client.hpp"
#include "bench/drivers/client_block.hpp"
#include "bench/drivers/simulated_request.hpp"
#include "sim/event_queue.hpp"

namespace pollbench::bench {

template <strategies::RoundPoller Poller>
class SimulatedRounds {
 public:
  using Rounds = std::decay_t<decltype(std::declval<const Poller&>().rounds_for(std::string_view{}))>;

  // `out` holds a record for each slot of `block`; a client's run starts its tasks' records.
  SimulatedRounds(const Poller& poller, const ModelWorld& world, const ClientBlock& block, PairOutcome& out)
      : world_(world),
        block_(block),
        out_(out),
        rounds_(poller.rounds_for(world.model.name)),
        interval_(poller.interval_for(world.model.name)),
        batch_(poller.batch_size()),
        states_(block.slots()),
        tasks_(block.slots()) {}

  void run_client(std::uint64_t client) {
    RoundClient<Rounds> rounds(rounds_, batch_, states_);
    sim::EventQueue<Event> queue;
    for (auto task = client; task < world_.tasks; task += world_.clients) {
      const auto slot = block_.slot(task);
      tasks_[slot].emplace(world_, task);
      out_.tasks[slot] = fresh_record(tasks_[slot]->truth);
      scheduled_.emplace_back(tasks_[slot]->submitted, Event{Event::Kind::arrival, slot});
    }
    queue.schedule_all(scheduled_);
    sim::TokenBucket bucket(world_.rate_limit);
    while (!queue.empty()) {
      const auto [at, sequence, event] = queue.pop();
      switch (event.kind) {
        case Event::Kind::arrival:
          // start() as an event: submissions at the same moment all join its round.
          if (rounds.submitted(event.index)) queue.schedule(at, {Event::Kind::round_start, 0});
          break;
        case Event::Kind::round_start:
          send_round(rounds, bucket, queue, at);
          break;
        case Event::Kind::answer:
          hear(rounds, queue, at, event.index);
          break;
      }
    }
  }

 private:
  struct Event {
    enum class Kind : std::uint8_t { arrival, round_start, answer } kind;
    std::uint64_t index;  // the slot of the task that arrived, or the answered request's first place in its round
  };
  // What the request led by a batch's first task saw, and when it was sent (from that
  // task's submission): every id in the batch shares its fault and response time.
  struct LeadAnswer {
    strategies::Observation seen;
    sim::Duration sent;
  };

  void send_round(RoundClient<Rounds>& rounds, sim::TokenBucket& bucket, sim::EventQueue<Event>& queue, sim::Time at) {
    const auto& tasks = rounds.start_round();
    leads_.resize(tasks.size());
    const bool limited = world_.rate_limit.requests_per_s > 0;
    for (std::size_t first = 0; first < tasks.size(); first += rounds.batch()) {
      const auto lead = tasks[first];
      auto& task = *tasks_[lead];
      const auto sent = at - task.submitted;
      const auto seen =
          send_status(world_, task, sent, out_.rate, out_.tasks[lead], limited ? bucket.refuse(at) : std::nullopt);
      leads_[first] = {seen, sent};
      scheduled_.emplace_back(task.submitted + seen.now, Event{Event::Kind::answer, first});
    }
    queue.schedule_all(scheduled_);
  }

  void hear(RoundClient<Rounds>& rounds, sim::EventQueue<Event>& queue, sim::Time at, std::size_t first) {
    const auto& lead = leads_[first];
    const auto share = 1.0 / static_cast<double>(rounds.batch_size_at(first));
    const auto seen = [&](std::uint64_t slot) {
      auto o = lead.seen;
      const auto& task = *tasks_[slot];
      const auto answered = at - task.submitted;
      o.now = answered;
      // The others read their own state, at the moment the request was sent.
      if (!strategies::is_error(lead.seen.reply))
        o.reply = sim::state_at(task.truth, answered - (lead.seen.now - lead.sent));
      count_request(out_.tasks[slot], o.reply, share, answered - (lead.seen.now - lead.sent), answered);
      return o;
    };
    const auto reported = [&](std::uint64_t slot, const Report& r) {
      out_.tasks[slot].verdict = client_verdict(r.verdict);
      out_.tasks[slot].known_at = r.at;
    };
    switch (rounds.answered(first, seen, reported)) {
      case AfterAnswer::wait:
      case AfterAnswer::stop:
        break;
      case AfterAnswer::next_round:
        queue.schedule(at + interval_, {Event::Kind::round_start, 0});
        break;
      case AfterAnswer::restart:
        queue.schedule(at, {Event::Kind::round_start, 0});
        break;
    }
  }

  const ModelWorld& world_;
  ClientBlock block_;
  PairOutcome& out_;
  Rounds rounds_;
  sim::Duration interval_;
  std::size_t batch_;
  std::vector<typename Rounds::State> states_;          // by slot
  std::vector<std::optional<WorldTask>> tasks_;         // by slot, once its client runs
  std::vector<LeadAnswer> leads_;                       // per round slot, set for each batch's first
  std::vector<std::pair<sim::Time, Event>> scheduled_;  // events scheduled together, before they go to the queue
};

}  // namespace pollbench::bench
