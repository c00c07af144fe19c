#pragma once
// A discrete-event queue ordered by (time, sequence number): events at the same moment
// come out in the order they were scheduled, so runs are deterministic.

#include <algorithm>
#include <cstdint>
#include <queue>
#include <utility>
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

  // Schedules `events` in their order, as schedule() one by one would, and empties it.
  // Cheaper for many at once (a client's submissions, a round's answers): they are sorted
  // once and kept as a run beside the heap, where each would be sifted through a heap
  // holding all of them.
  void schedule_all(std::vector<std::pair<Time, Event>>& events) {
    std::erase_if(runs_, [this](Run& run) {
      if (!run.exhausted()) return false;
      spare_ = std::move(run.entries);
      return true;
    });
    Run run{std::move(spare_)};
    run.entries.clear();
    for (auto& [at, event] : events) run.entries.push_back(Entry{at, next_sequence_++, std::move(event)});
    events.clear();
    std::sort(run.entries.begin(), run.entries.end(), [](const Entry& a, const Entry& b) { return earlier(a, b); });
    if (!run.exhausted()) runs_.push_back(std::move(run));
  }

  bool empty() const {
    return heap_.empty() && std::all_of(runs_.begin(), runs_.end(), [](const Run& r) { return r.exhausted(); });
  }

  Entry pop() {
    Run* first = nullptr;  // the run whose head comes first, if it comes before the heap's top
    for (auto& run : runs_) {
      if (run.exhausted()) continue;
      const Entry* best = first ? &first->head() : heap_.empty() ? nullptr : &heap_.top();
      if (!best || earlier(run.head(), *best)) first = &run;
    }
    if (first) return std::move(first->entries[first->next++]);
    Entry top = heap_.top();
    heap_.pop();
    return top;
  }

 private:
  static bool earlier(const Entry& a, const Entry& b) { return a.at != b.at ? a.at < b.at : a.sequence < b.sequence; }
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const { return earlier(b, a); }
  };
  struct Run {
    std::vector<Entry> entries;  // sorted
    std::size_t next = 0;
    bool exhausted() const { return next == entries.size(); }
    const Entry& head() const { return entries[next]; }
  };

  std::priority_queue<Entry, std::vector<Entry>, Later> heap_;
  std::vector<Run> runs_;
  std::vector<Entry> spare_;  // an exhausted run's memory, for the next
  std::uint64_t next_sequence_ = 0;
};

}  // namespace pollbench::sim
