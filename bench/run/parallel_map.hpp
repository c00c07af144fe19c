#pragma once
// Independent jobs on a few threads, their results in job order: what a run does in
// parallel (the bounds of its models, its pairs) gives the same output for any thread
// count, because nothing depends on which thread ran a job or when.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <optional>
#include <thread>
#include <vector>

namespace pollbench::bench {

// Every core unless told otherwise.
inline unsigned all_cores() { return std::max(1u, std::thread::hardware_concurrency()); }

// job(i) for every i below count, on at most `threads` threads (the caller's among them).
// Jobs are handed out in order as threads come free. A job that throws stops no other;
// the exception of the lowest-numbered job that threw is rethrown, as one thread would.
template <class Job>
auto parallel_map(std::size_t count, unsigned threads, const Job& job) {
  using Result = decltype(job(std::size_t{}));
  std::vector<std::optional<Result>> results(count);
  std::vector<std::exception_ptr> errors(count);
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) {
      try {
        results[i].emplace(job(i));
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  {
    std::vector<std::jthread> helpers;
    const auto extra = std::min<std::size_t>(std::max(1u, threads), count) - (count > 0 ? 1 : 0);
    for (std::size_t t = 0; t < extra; ++t) helpers.emplace_back(work);
    work();
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  std::vector<Result> out;
  out.reserve(count);
  for (auto& r : results) out.push_back(std::move(*r));
  return out;
}

}  // namespace pollbench::bench
