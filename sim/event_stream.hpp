#pragma once
// A task's server-sent event stream (EventStreaming), as the server plays it and the
// simulator replays it: the task's whole sequence of events is fixed by its truth (its
// states, and its progress every 5% where the model reports progress); a connection
// sends the latest event at once when the client has not seen it (a reconnect with
// Last-Event-ID gets what it missed), then each event as it happens, until the terminal
// one. A proxy cuts a connection quiet for the idle time; events are lost by a keyed
// draw, and a lost terminal event leaves the client with a stream the server closed.
// Whatever happens, a connection is closed an hour (of scenario time) after it opened.

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/model_profile.hpp"
#include "sim/reply.hpp"
#include "sim/task_progress.hpp"
#include "sim/task_truth.hpp"

namespace pollbench::sim {

struct StreamEvent {
  std::uint32_t id = 0;  // the event's place in the task's sequence: its SSE id
  Duration at{};         // from submission
  Reply state = Reply::waiting;
  TaskProgress progress;
};

// What a connection does next: an event reaches the client, or the connection ends
// (cut by the proxy, or closed by the server after a terminal event the client lost).
struct StreamHappening {
  Duration at{};                     // from submission
  std::optional<StreamEvent> event;  // nullopt: the connection ended
};

class EventStream {
 public:
  EventStream(const ModelProfile& model, const TaskTruth& truth, const ProgressReport& progress, std::uint64_t seed,
              std::uint64_t task);

  // One connection, opened at `opened` by a client that last saw event `seen` (none
  // for a first connection). Its happenings come one by one, in time order.
  class Connection {
   public:
    StreamHappening next();

   private:
    friend class EventStream;
    Connection(const EventStream& stream, Duration opened, std::optional<std::uint32_t> seen);
    const EventStream* stream_;
    std::size_t next_;                     // the next event in the sequence to send
    Duration quiet_since_;                 // the last moment bytes went out
    Duration closes_at_;                   // an hour after opening: no stream holds a connection longer
    std::optional<std::size_t> snapshot_;  // the event sent at once on opening
    bool ended_ = false;
  };

  Connection open(Duration opened, std::optional<std::uint32_t> seen) const { return {*this, opened, seen}; }
  const std::vector<StreamEvent>& events() const { return events_; }

 private:
  bool lost(const StreamEvent& e) const;

  std::vector<StreamEvent> events_;
  Duration idle_cut_;
  double loss_rate_;
  std::uint64_t seed_, model_key_, task_;
};

}  // namespace pollbench::sim
