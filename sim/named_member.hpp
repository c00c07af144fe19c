#pragma once
// A member of a plain struct under the key a JSON object spells it, with the range a
// number read for it must be in. A struct's list of these (a tuple) is the one place its
// keys are written, for whatever reads or writes it: a strategy's parameters, the live
// section of a results file.

#include <cstdint>
#include <string_view>

namespace pollbench::sim {

// Applies to numbers only: a Duration in milliseconds or a double. Counts, multipliers,
// texts and flags are checked as their type says; a double is a multiplier (1 to 100)
// unless it is a fraction (0 to 1).
enum class Range : std::uint8_t { positive, non_negative, fraction };

template <class T, class M>
struct NamedMember {
  std::string_view key;
  M T::*member;
  Range range;
};

template <class T, class M>
constexpr NamedMember<T, M> named(std::string_view key, M T::*member, Range range = Range::positive) {
  return {key, member, range};
}

}  // namespace pollbench::sim
