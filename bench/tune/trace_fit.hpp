#pragma once
// Fitting completion laws to a trace of observed task durations, so `tune` can work
// from what a user's own tasks did. CSV with a header: model,duration_s,state where
// state is success, failed or hang (a task never seen to finish).

#include <string>
#include <vector>

#include "reports/tune_record.hpp"
#include "sim/scenario.hpp"

namespace pollbench::bench {

// Replaces each traced model's completion law, failure rate and time, and hang rate
// with fits to the trace (adding models the scenario lacks, with no faults); returns
// the fits with their Kolmogorov-Smirnov distances. Throws InputError naming the line.
std::vector<reports::LawFit> apply_trace(sim::Scenario& scenario, const std::string& file);
// The same from the file's text; `file` names it in errors.
std::vector<reports::LawFit> apply_trace_text(sim::Scenario& scenario, const std::string& text,
                                              const std::string& file);

// The better of a lognormal (maximum likelihood) and a gamma (moments) fit, by KS distance.
reports::LawFit fit_law(const std::string& model, std::vector<double> durations_s, sim::Distribution& fitted);

}  // namespace pollbench::bench
