#pragma once
// The tasks of a run of consecutive scenario clients, the unit the drivers run when a
// client's tasks meet (its rate limit, its concurrent poller). Task i belongs to client
// i mod clients; a block numbers its clients' tasks in slots, row by row, so its state
// is the size of its share of the tasks. The block of every client numbers each task by
// its own index.

#include <cstdint>

namespace pollbench::bench {

struct ClientBlock {
  std::uint64_t first;    // the block's first client
  std::uint64_t last;     // one past its last client
  std::uint64_t clients;  // the model's
  std::uint64_t tasks;    // the model's

  std::uint64_t width() const { return last - first; }
  // Enough slots for every task of the block (the last row may be short).
  std::uint64_t slots() const { return (tasks + clients - 1) / clients * width(); }
  std::uint64_t slot(std::uint64_t task) const { return task / clients * width() + task % clients - first; }
  std::uint64_t task(std::uint64_t slot) const { return slot / width() * clients + first + slot % width(); }
  bool holds(std::uint64_t slot) const { return task(slot) < tasks; }
};

}  // namespace pollbench::bench
