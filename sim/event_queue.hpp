#pragma once
// A discrete-event queue ordered by (time, sequence number): events at the same moment
// come out in the order they were scheduled, so runs are deterministic.

#include <cstdint>
#include <queue>
#include <vector>

#include "sim/time.hpp"

namespace pollbench::sim {

template <class Event>
class EventQueue {
 public:
  struct Entry {
    Time at;
    std::uint64_t sequence;
    Event event;
  };

  void schedule(Time at, Event event) { heap_.push(Entry{at, next_sequence_++, std::move(event)}); }
  bool empty() const { return heap_.empty(); }
  const Entry& next() const { return heap_.top(); }
  Entry pop() {
    Entry top = heap_.top();
    heap_.pop();
    return top;
  }

 private:
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.at != b.at ? a.at > b.at : a.sequence > b.sequence;
    }
  };
  std::priority_queue<Entry, std::vector<Entry>, Later> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace pollbench::sim
