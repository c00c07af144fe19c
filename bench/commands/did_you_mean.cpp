#include "bench/commands/did_you_mean.hpp"

#include <algorithm>
#include <string_view>

namespace pollbench::bench {

namespace {

std::string_view without_dashes(std::string_view name) {
  return name.substr(std::min(name.find_first_not_of('-'), name.size()));
}

// Optimal string alignment distance: Levenshtein plus a swap of two neighbours, the
// commonest slip of a typist ("--modles").
std::size_t edits_between(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t changed = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + changed});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

}  // namespace

std::optional<std::string> closest_name(const std::string& typed, const std::vector<std::string>& names) {
  const auto bare = without_dashes(typed);
  std::optional<std::string> best;
  std::pair<std::size_t, std::size_t> fewest;  // edits, then letters differing after the common start
  for (const auto& name : names) {
    const auto candidate = without_dashes(name);
    const auto edits = edits_between(bare, candidate);
    if (edits > std::max<std::size_t>(1, std::max(bare.size(), candidate.size()) / 3)) continue;
    const auto same_start = static_cast<std::size_t>(
        std::mismatch(bare.begin(), bare.end(), candidate.begin(), candidate.end()).first - bare.begin());
    const std::pair rank{edits, candidate.size() - same_start};
    if (!best || rank < fewest) {
      best = name;
      fewest = rank;
    }
  }
  return best;
}

}  // namespace pollbench::bench
