#include "bench/tune/search.hpp"

#include <cmath>

namespace pollbench::bench {

namespace {

using nlohmann::ordered_json;

constexpr int most_rounds = 8;
constexpr double factors[] = {0.85, 0.93, 1.08, 1.18};

// Starts from the grid's cheapest config, better than the guide's or not, so a narrow
// window of configs that fit next to a grid point is still found.
Found cheapest_on_grid(const Family& family, const Measure& measure, const std::function<void()>& after_grid_point) {
  Found at{family.start, std::nullopt};
  auto results = measure(family.candidates);
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i] && results[i]->requests.mean < at.requests()) at = {family.candidates[i], std::move(results[i])};
    after_grid_point();
  }
  return at;
}

// Each knob scaled by each factor, each alone and then with each later knob: the configs
// one step from `at`, in a fixed order.
std::vector<ordered_json> neighbours(const ordered_json& at, const std::vector<Knob>& knobs) {
  std::vector<ordered_json> out;
  for (std::size_t i = 0; i < knobs.size(); ++i)
    for (double fi : factors) {
      const auto one = knobs[i].scaled(at, fi);
      if (one != at) out.push_back(one);
      for (std::size_t j = i + 1; j < knobs.size(); ++j)
        for (double fj : factors)
          if (auto two = knobs[j].scaled(one, fj); two != one) out.push_back(std::move(two));
    }
  return out;
}

// Moves to the cheapest neighbour that fits until none is cheaper.
Found pattern_search(Found at, const std::vector<Knob>& knobs, const Measure& measure) {
  for (int round = 0; round < most_rounds; ++round) {
    Found next = at;
    const auto trials = neighbours(at.config, knobs);
    auto results = measure(trials);
    for (std::size_t i = 0; i < results.size(); ++i)
      if (results[i] && results[i]->requests.mean < next.requests()) next = {trials[i], std::move(results[i])};
    if (next.config == at.config) break;
    at = std::move(next);
  }
  return at;
}

}  // namespace

double Found::requests() const { return result ? result->requests.mean : INFINITY; }

Found search(const Family& family, const Measure& measure, const std::function<void()>& after_grid_point) {
  return pattern_search(cheapest_on_grid(family, measure, after_grid_point), family.knobs, measure);
}

}  // namespace pollbench::bench
