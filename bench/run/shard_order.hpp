#pragma once
// Checks that files are the N shards of one job, each once, and puts them in index
// order: what `pollbench merge` needs before it interleaves runs or tunes back.

#include <fmt/format.h>
#include <vector>

#include "sim/input_error.hpp"

namespace pollbench::bench {

// `same_job(a, b)` says whether two shards come from one run or tune.
template <class Result, class SameJob>
std::vector<const Result*> shards_in_order(const std::vector<Result>& shards, SameJob same_job) {
  if (shards.empty()) throw InputError("merge", "no shards given");
  const auto& first = shards.front();
  const std::uint32_t count = first.shard ? first.shard->count : 0;
  if (count != shards.size())
    throw InputError("merge", fmt::format("{} files given, but the first is one of {} shards", shards.size(), count));
  std::vector<const Result*> by_index(count, nullptr);
  for (const auto& s : shards) {
    if (!s.shard || s.shard->count != count) throw InputError("merge", "files from jobs split differently");
    if (s.shard->index >= count)
      throw InputError("merge", fmt::format("shard {} of {} is not a shard", s.shard->index, count));
    if (!same_job(s, first))
      throw InputError("merge", "shards of different jobs (their scenario, seed or settings differ)");
    if (by_index[s.shard->index] != nullptr)
      throw InputError("merge", fmt::format("shard {} given twice", s.shard->index));
    by_index[s.shard->index] = &s;
  }
  return by_index;
}

// The units of the shards back in the whole job's order: unit k is the next unit of
// shard k mod N. `units(result)` gives a shard's units; each goes to `take` in order.
template <class Result, class Units, class Take>
void interleave(const std::vector<const Result*>& by_index, Units units, Take take) {
  const auto count = by_index.size();
  std::size_t total = 0;
  for (const auto* s : by_index) total += units(*s).size();
  std::vector<std::size_t> next(count, 0);
  for (std::size_t k = 0; k < total; ++k) {
    const auto& mine = units(*by_index[k % count]);
    if (next[k % count] >= mine.size()) throw InputError("merge", fmt::format("shard {} is short of units", k % count));
    take(mine[next[k % count]++]);
  }
}

// The whole job back from its shards: the first shard's settings without its shard mark,
// and the units that `units` names interleaved back in the whole job's order.
template <class Result, class Unit, class SameJob>
Result merge_in_order(const std::vector<Result>& shards, SameJob same_job, std::vector<Unit> Result::*units) {
  const auto by_index = shards_in_order(shards, same_job);
  Result merged = shards.front();
  merged.shard.reset();
  auto& merged_units = merged.*units;
  merged_units.clear();
  interleave(
      by_index, [&](const Result& s) -> const auto& { return s.*units; },
      [&](const Unit& u) { merged_units.push_back(u); });
  return merged;
}

}  // namespace pollbench::bench
