#pragma once
// The tasks of a run of consecutive scenario clients, the unit the drivers run when a
// client's tasks meet (its rate limit, its concurrent poller). Task i belongs to client
// i mod clients; a block numbers its tasks in slots client by client, so that a client's
// tasks sit side by side while it runs, and its state is the size of its share of the
// tasks, whatever their count.

#include <cstdint>

namespace pollbench::bench {

struct ClientBlock {
  std::uint64_t first;    // the block's first client
  std::uint64_t last;     // one past its last client
  std::uint64_t clients;  // the model's
  std::uint64_t tasks;    // the model's

  std::uint64_t width() const { return last - first; }
  // The most tasks a client has (the last ones may have one fewer).
  std::uint64_t rows() const { return (tasks + clients - 1) / clients; }
  // Enough slots for every task of the block.
  std::uint64_t slots() const { return rows() * width(); }
  std::uint64_t slot(std::uint64_t task) const { return (task % clients - first) * rows() + task / clients; }
  std::uint64_t task(std::uint64_t slot) const { return first + slot / rows() + slot % rows() * clients; }
  bool holds(std::uint64_t slot) const { return task(slot) < tasks; }
};

}  // namespace pollbench::bench
