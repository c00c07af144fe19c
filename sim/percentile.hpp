#pragma once
// Nearest-rank percentiles, the one definition the simulator's metrics and the mock
// server's journal share: the smallest value with at least p of the sample at or below it.

#include <algorithm>
#include <cmath>
#include <vector>

namespace pollbench::sim {

// `sorted` is non-empty and ascending; any number type, so counts such as requests per
// second need no copy of this.
template <class Number>
Number nearest_rank(const std::vector<Number>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace pollbench::sim
