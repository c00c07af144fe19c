#pragma once
// Every figure of a result row by its dotted name ("requests.mean", "timeout_rate"),
// with which direction is worse: one list for the gate, the budgets and the readers.

#include <optional>
#include <string>
#include <vector>

#include "reports/result_record.hpp"

namespace pollbench::reports {

struct Metric {
  std::string name;
  bool higher_is_worse;
  double (*get)(const ResultRecord&);
};

const std::vector<Metric>& metric_catalog();
const Metric* find_metric(const std::string& name);

}  // namespace pollbench::reports
