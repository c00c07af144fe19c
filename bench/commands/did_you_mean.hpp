#pragma once
// The name a mistyped one was meant to be: "runn" -> "run", "--modle" -> "--models".

#include <optional>
#include <string>
#include <vector>

namespace pollbench::bench {

// The one of `names` closest to `typed` in edits (an insertion, a deletion, a changed
// letter or two neighbours swapped, leading dashes ignored), when it is near enough to be
// a slip: one edit, or a third of the longer name's letters. Of names as near, the one
// that starts the way `typed` does ("tun" -> "tune", not "run"), then the earlier.
std::optional<std::string> closest_name(const std::string& typed, const std::vector<std::string>& names);

}  // namespace pollbench::bench
