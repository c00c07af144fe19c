#include "bench/bound/bound_cache.hpp"

namespace pollbench::bench {

const OptimalBound& BoundCache::of(const sim::ModelProfile& model, std::optional<sim::Seconds> deadline) const {
  Entry* entry = nullptr;
  {
    const std::scoped_lock lock(entries_mutex_);
    const auto seconds = deadline ? std::optional{deadline->count()} : std::nullopt;
    entry = &entries_[{model.name, seconds}];
  }
  // Built outside the lock, so the bounds of different models are built side by side.
  std::call_once(entry->built, [&] {
    if (!deadline) {
      entry->bound = std::make_unique<const OptimalBound>(CompletionLaw::of(model), bound_deadline(model));
      return;
    }
    // Before the law's deadline, the law's bound cut there while the cut keeps enough of
    // its grid (a cut at 177 s of sora-2's 1378 s keeps about 290 points and is within
    // 0.5% of a bound of its own); a far earlier deadline gets a grid of its own.
    constexpr std::size_t enough_points = 200;
    const auto& law = of(model);
    if (*deadline < law.deadline() && law.grid_points_before(*deadline) >= enough_points)
      entry->bound = std::make_unique<const OptimalBound>(law, *deadline);
    else
      entry->bound = std::make_unique<const OptimalBound>(CompletionLaw::of(model), *deadline);
  });
  return *entry->bound;
}

}  // namespace pollbench::bench
