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
    if (!same_job(s, first)) throw InputError("merge", "shards of different jobs (their scenario, seed or settings differ)");
    if (by_index[s.shard->index] != nullptr) throw InputError("merge", fmt::format("shard {} given twice", s.shard->index));
    by_index[s.shard->index] = &s;
  }
  return by_index;
}

}  // namespace pollbench::bench
