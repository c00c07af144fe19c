#pragma once
// The regression gate: a fresh run against a baseline under per-metric tolerances, and
// against absolute budgets. Pure comparison of result records; running is bench's job.

#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "reports/metric_schema.hpp"
#include "reports/result_record.hpp"

namespace pollbench::reports {

// The most a number the gate compares may be: a baseline value, a budget or a tolerance.
// No run within pollbench's input limits comes near it, and a reference beyond it could
// never fail the gate (1e308 swallows any change), so it is refused as bad input.
inline constexpr double max_gated_value = 1e9;

struct Tolerances {
  std::map<std::string, Tolerance> per_metric;  // every gated metric of the schema

  // The schema's own.
  static Tolerances defaults();
  // Overrides from {"metric": {"relative": r, "absolute": a}}; unknown metrics are refused.
  void override_from(const nlohmann::json& j, const std::string& source);
};

// Upper limits on one row's metrics: {"model", "strategy", "max": {"metric": limit}}.
struct Budget {
  std::string model;
  std::string strategy;
  std::map<std::string, double> max;
};

std::vector<Budget> parse_budgets(const nlohmann::json& j, const std::string& source);

struct Finding {
  enum class Kind { regression, improvement, budget_broken, budget_kept };
  Kind kind;
  std::string model, strategy, metric;
  double reference;  // the baseline value, or the budget's limit
  double current;
  double allowed;  // the tolerance applied (0 for budgets)
};

struct CheckReport {
  std::vector<Finding> findings;
  std::vector<std::pair<std::string, std::string>> rows;  // (model, strategy) of every row checked
  std::vector<std::string> notes;                         // rows new in the current run, etc.

  bool failed() const;
};

// A result file fit to gate against: read as any result, then every row must hold every
// gated metric (a missing one would read as 0) within [0, max_gated_value]. Throws
// InputError naming the file (`source`), the row and the metric.
RunResult read_baseline(const std::string& file);
RunResult parse_baseline(const nlohmann::json& j, const std::string& source);

// Throws InputError when a baseline row is missing from the current run.
void compare_with_baseline(const RunResult& baseline, const RunResult& current, const Tolerances& tolerances,
                           CheckReport& report);
// Throws InputError when a budget names a row the current run does not have.
void check_budgets(const RunResult& current, const std::vector<Budget>& budgets, CheckReport& report);

// What moved and by how much, then the verdict line.
void write_check_table(const CheckReport& report, std::ostream& out);
// One testcase per row, failures listing what got worse or broke its budget.
void write_junit(const CheckReport& report, std::ostream& out);

}  // namespace pollbench::reports
