#pragma once
// The wait before trying again that the strategies which learn the end share: nothing
// after an answer, then `base`, doubling up to `cap`, for each error in a row; at least
// what a 429's Retry-After asks.

#include <algorithm>
#include <cstdint>

#include "strategies/observation.hpp"

namespace pollbench::strategies {

struct ErrorBackoff {
  std::uint32_t in_a_row = 0;

  Duration after(const Observation& o, Duration base, Duration cap) {
    if (!is_error(o.reply)) {
      in_a_row = 0;
      return Duration{};
    }
    // 2^20 times a 30-day base still fits in microseconds.
    auto wait = std::min(cap, Duration{base.count() << std::min<std::uint32_t>(in_a_row++, 20)});
    if (o.reply == Reply::http_429) wait = std::max(wait, o.retry_after);
    return wait;
  }
};

}  // namespace pollbench::strategies
