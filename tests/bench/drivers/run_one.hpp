#pragma once
// The one row of a one-model, one-strategy scenario.

#include <catch2/catch.hpp>

#include "bench/run/simulation_run.hpp"

namespace pollbench::testing {

inline reports::ResultRecord run_one(const sim::Scenario& s) {
  const auto run = bench::run_simulation(s);
  REQUIRE(run.records.size() == 1);
  return run.records[0];
}

}  // namespace pollbench::testing
