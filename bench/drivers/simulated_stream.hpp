#pragma once
// A task's event stream in virtual time, for a client that listens (Decision::listen):
// opening it is a status request (its fault, its response time, the rate limit); then
// the stream's happenings (sim/event_stream.hpp) reach the client one by one, until the
// terminal event, a cut, or the client's own limit on waiting. An event reaches the client
// when it happens (no sooner than the opening answer): the server pushes it, so no request
// of the client's can be late. A reconnect names the last event the client saw
// (Last-Event-ID).

#include <memory>
#include <optional>

#include "bench/client/task_record.hpp"
#include "bench/drivers/model_world.hpp"
#include "bench/drivers/simulated_request.hpp"
#include "sim/event_stream.hpp"

namespace pollbench::bench {

class SimulatedStream {
 public:
  bool open() const { return connection_.has_value(); }

  // When the client, listening from `from` for at most `hold`, next sends (the opening
  // request) or hears something.
  sim::Duration next_at(sim::Duration from, sim::Duration hold) {
    from_ = from;
    if (!connection_) return from;
    if (!pending_) {
      const auto next = connection_->next();
      // The server pushes an event when it happens (the one sent on opening comes with
      // the opening answer): no request of the client's to be late.
      pending_ = Pending{next, std::max(answered_at_, next.at)};
    }
    heard_by_ = hold >= sim::Duration::max() - from ? sim::Duration::max() : from + hold;
    return std::min(pending_->arrival, heard_by_);
  }

  // Opens the stream, or hears what next_at() said: the observation for the client, or
  // nullopt when the stream just opened and the client waits on.
  std::optional<strategies::Observation> act(const ModelWorld& world, WorldTask& task, TaskRecord& record,
                                             RateHistogram& rate, std::optional<sim::Duration> refused) {
    if (!connection_) return connect(world, task, record, rate, refused);
    const auto at = std::min(pending_->arrival, heard_by_);
    strategies::Observation seen{at, sim::Reply::timeout, {}, world.fail_message_mentions_network};
    if (pending_->arrival <= heard_by_) {
      if (const auto& event = pending_->happening.event) {
        seen.reply = event->state;
        seen.progress = event->progress;
        seen_id_ = event->id;
        ++events_;
        record.last_answer_at = at;
      } else {
        seen.reply = sim::Reply::connection_reset;  // cut, or closed after a lost terminal event
      }
    }
    pending_.reset();
    last_heard_ = at;
    if (!sim::is_pending(seen.reply)) close(record);
    return seen;
  }

  // Ends the connection the client leaves (when it last heard from it), counting its time.
  void close(TaskRecord& record) {
    if (!connection_) return;
    const auto closed = std::max(answered_at_, last_heard_);
    count_stream(record, answered_at_, closed, events_);
    rate_->hold(submitted_ + answered_at_, submitted_ + closed);
    connection_.reset();
    pending_.reset();
    events_ = 0;
  }

 private:
  struct Pending {
    sim::StreamHappening happening;
    sim::Duration arrival;
  };

  std::optional<strategies::Observation> connect(const ModelWorld& world, WorldTask& task, TaskRecord& record,
                                                 RateHistogram& rate, std::optional<sim::Duration> refused) {
    auto seen = send_status(world, task, from_, rate, record, refused);
    const bool opened = !sim::is_error(seen.reply);
    count_request(record, opened ? sim::Reply::waiting : seen.reply, 1.0, from_, seen.now);
    if (!opened) return seen;
    if (!stream_)
      stream_ = std::make_unique<sim::EventStream>(
          world.model, task.truth, world.service.progress_of(task.truth, task.index), world.seed, task.index);
    connection_.emplace(stream_->open(from_, seen_id_));
    submitted_ = task.submitted;
    rate_ = &rate;
    answered_at_ = last_heard_ = seen.now;
    return std::nullopt;
  }

  // The task's events, built at its first opening; on the heap, so that a connection's
  // view of them survives the task being moved.
  std::unique_ptr<sim::EventStream> stream_;
  std::optional<sim::EventStream::Connection> connection_;
  std::optional<Pending> pending_;
  std::optional<std::uint32_t> seen_id_;
  sim::Time submitted_{};
  RateHistogram* rate_ = nullptr;  // where the open connection is counted when it closes
  sim::Duration from_{}, answered_at_{}, last_heard_{};
  sim::Duration heard_by_ = sim::Duration::max();
  std::uint32_t events_ = 0;
};

}  // namespace pollbench::bench
