#pragma once
// Live rows against the simulation of the same seed (docs/live.md): mean requests per
// task within 2%, mean detection latency within 5% plus the measured (median) round
// trip, which a real client pays on top of the simulated response time.

#include <vector>

#include "reports/result_record.hpp"

namespace pollbench::reports {

constexpr double requests_tolerance = 0.02;   // of the simulated mean
constexpr double detection_tolerance = 0.05;  // of the simulated mean, plus the round trip

// One row per live record, in its order, matched with the records of the same strategy
// and model simulated with the measured overhead (`sim`) and without (`plain_sim`);
// `round_trip_s` is in scenario seconds.
std::vector<Agreement> compare_live_with_sim(const std::vector<ResultRecord>& live,
                                             const std::vector<ResultRecord>& sim,
                                             const std::vector<ResultRecord>& plain_sim, double round_trip_s,
                                             const std::vector<TimingNoise>& noise);

// Within the tolerance; beyond it but within the tolerance plus the row's timing noise
// (a few tasks whose poll fell the other side of their terminal moment); or beyond both.
enum class Fit { agrees, within_noise, differs };
Fit fit_of(const Agreement& row);
const char* fit_name(Fit fit);

}  // namespace pollbench::reports
