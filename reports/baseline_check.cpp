#include "reports/baseline_check.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "reports/escape.hpp"
#include "reports/result_reader.hpp"
#include "sim/input_error.hpp"
#include "sim/json_fields.hpp"

namespace pollbench::reports {

namespace {

const ResultRecord* find_row(const RunResult& run, const std::string& model, const std::string& strategy) {
  for (const auto& r : run.records)
    if (r.model == model && r.strategy == strategy) return &r;
  return nullptr;
}

std::string describe(const Finding& f) {
  switch (f.kind) {
    case Finding::Kind::regression:
    case Finding::Kind::improvement:
      return fmt::format("{} {:.6g} -> {:.6g} ({:+.1f}%, tolerance {:.3g})", f.metric, f.reference, f.current,
                         f.reference != 0 ? 100 * (f.current - f.reference) / std::abs(f.reference) : 0.0, f.allowed);
    case Finding::Kind::budget_broken:
    case Finding::Kind::budget_kept:
      return fmt::format("{} {:.6g}, budget {:.6g}", f.metric, f.current, f.reference);
  }
  return {};
}

// A metric budgets and tolerances may name; nullptr for any other name.
const Metric* gated_metric(const std::string& name) {
  const auto* m = find_metric(name);
  return m != nullptr && m->gated() ? m : nullptr;
}

// Throws unless `x` can gate: in [0, max_gated_value].
double gateable(double x, const std::string& path) {
  if (!(x >= 0 && x <= max_gated_value))
    throw InputError(path, fmt::format("{} cannot gate anything: must be 0 to {:g}", x, max_gated_value));
  return x;
}

// The metric at its dotted name ("requests.mean") in a raw result row; nullptr when absent.
const nlohmann::json* metric_in(const nlohmann::json& row, std::string_view name) {
  const auto dot = name.find('.');
  const auto* parent = &row;
  if (dot != std::string_view::npos) {
    const auto it = row.find(std::string(name.substr(0, dot)));
    if (it == row.end()) return nullptr;
    parent = &*it;
    name = name.substr(dot + 1);
  }
  const auto it = parent->find(std::string(name));
  return it == parent->end() ? nullptr : &*it;
}

bool is_failure(const Finding& f) {
  return f.kind == Finding::Kind::regression || f.kind == Finding::Kind::budget_broken;
}

}  // namespace

Tolerances Tolerances::defaults() {
  Tolerances t;
  for (const auto& m : metric_schema())
    if (m.gated()) t.per_metric[std::string(m.name)] = m.tolerance;
  return t;
}

void Tolerances::override_from(const nlohmann::json& j, const std::string& source) {
  sim::JsonFields top(j, source);
  for (const auto& [name, value] : j.items()) {
    if (gated_metric(name) == nullptr) throw InputError(top.path_of(name), "unknown metric");
    sim::JsonFields f(*top.find(name), top.path_of(name));
    auto& t = per_metric[name];
    t.relative = gateable(f.number("relative", t.relative), f.path_of("relative"));
    t.absolute = gateable(f.number("absolute", t.absolute), f.path_of("absolute"));
    f.reject_unknown();
  }
}

std::vector<Budget> parse_budgets(const nlohmann::json& j, const std::string& source) {
  sim::JsonFields top(j, source);
  const auto& list = top.required("budgets");
  if (!list.is_array()) throw InputError(top.path_of("budgets"), "expected an array");
  top.reject_unknown();
  std::vector<Budget> budgets;
  for (std::size_t i = 0; i < list.size(); ++i) {
    sim::JsonFields f(list[i], sim::index_path(top.path_of("budgets"), i));
    Budget b{f.text("model"), f.text("strategy"), {}};
    sim::JsonFields limits(f.required("max"), f.path_of("max"));
    for (const auto& [name, value] : f.required("max").items()) {
      if (gated_metric(name) == nullptr) throw InputError(limits.path_of(name), "unknown metric");
      b.max[name] = gateable(limits.number(name), limits.path_of(name));
    }
    f.reject_unknown();
    budgets.push_back(std::move(b));
  }
  return budgets;
}

RunResult read_baseline(const std::string& file) { return parse_baseline(sim::read_json_file(file), file); }

RunResult parse_baseline(const nlohmann::json& j, const std::string& source) {
  auto run = parse_run_result(j, source);
  const auto& rows = j.at("results");  // the reader made sure it is an array of objects
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (const auto& m : metric_schema()) {
      if (!m.gated()) continue;
      const auto path = fmt::format("{}: {}.{}", source, sim::index_path("results", i), m.name);
      const auto* value = metric_in(rows[i], m.name);
      if (value == nullptr) throw InputError(path, "missing: a metric the baseline lacks cannot gate");
      gateable(value->get<double>(), path);
    }
  }
  return run;
}

bool CheckReport::failed() const { return std::any_of(findings.begin(), findings.end(), is_failure); }

void compare_with_baseline(const RunResult& baseline, const RunResult& current, const Tolerances& tolerances,
                           CheckReport& report) {
  for (const auto& base : baseline.records) {
    const auto* now = find_row(current, base.model, base.strategy);
    if (now == nullptr)
      throw InputError("baseline", fmt::format("row {} / {} is not in the current run", base.model, base.strategy));
    report.rows.emplace_back(base.model, base.strategy);
    for (const auto& m : metric_schema()) {
      if (!m.gated()) continue;
      const double before = *m.value(base), after = *m.value(*now);
      const auto& t = tolerances.per_metric.at(std::string(m.name));
      const double allowed = std::max(t.absolute, t.relative * std::abs(before));
      const double worse_by = m.direction == Direction::higher_is_worse ? after - before : before - after;
      const auto name = std::string(m.name);
      if (worse_by > allowed)
        report.findings.push_back({Finding::Kind::regression, base.model, base.strategy, name, before, after, allowed});
      else if (-worse_by > allowed)
        report.findings.push_back(
            {Finding::Kind::improvement, base.model, base.strategy, name, before, after, allowed});
    }
  }
  for (const auto& r : current.records)
    if (find_row(baseline, r.model, r.strategy) == nullptr)
      report.notes.push_back(fmt::format("{} / {} is new: not in the baseline", r.model, r.strategy));
}

void check_budgets(const RunResult& current, const std::vector<Budget>& budgets, CheckReport& report) {
  for (const auto& b : budgets) {
    const auto* row = find_row(current, b.model, b.strategy);
    if (row == nullptr)
      throw InputError("budgets", fmt::format("row {} / {} is not in the current run", b.model, b.strategy));
    if (std::find(report.rows.begin(), report.rows.end(), std::pair{b.model, b.strategy}) == report.rows.end())
      report.rows.emplace_back(b.model, b.strategy);
    for (const auto& [name, limit] : b.max) {
      const double value = *gated_metric(name)->value(*row);
      report.findings.push_back({value > limit ? Finding::Kind::budget_broken : Finding::Kind::budget_kept, b.model,
                                 b.strategy, name, limit, value, 0});
    }
  }
}

void write_check_table(const CheckReport& report, std::ostream& out) {
  static const char* labels[] = {"WORSE", "better", "BUDGET BROKEN", "budget kept"};
  std::size_t shown = 0;
  for (const auto& f : report.findings) {
    if (f.kind == Finding::Kind::budget_kept) continue;
    out << fmt::format("{:<14} {:<12} {:<20} {}\n", labels[static_cast<int>(f.kind)], f.model, f.strategy, describe(f));
    ++shown;
  }
  for (const auto& note : report.notes) out << "note: " << note << '\n';
  const auto failures = std::count_if(report.findings.begin(), report.findings.end(), is_failure);
  if (shown == 0) out << fmt::format("nothing moved beyond its tolerance over {} rows\n", report.rows.size());
  out << (failures > 0 ? fmt::format("FAIL: {} regression(s) or broken budget(s)\n", failures)
                       : fmt::format("PASS: {} rows checked\n", report.rows.size()));
}

void write_junit(const CheckReport& report, std::ostream& out) {
  const auto failures = std::count_if(report.rows.begin(), report.rows.end(), [&](const auto& row) {
    return std::any_of(report.findings.begin(), report.findings.end(), [&](const Finding& f) {
      return is_failure(f) && f.model == row.first && f.strategy == row.second;
    });
  });
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites>\n  <testsuite name=\"pollbench check\" tests=\"{}\" failures=\"{}\">\n",
                     report.rows.size(), failures);
  for (const auto& [model, strategy] : report.rows) {
    out << fmt::format("    <testcase classname=\"{}\" name=\"{}\"", markup_escaped(model), markup_escaped(strategy));
    std::string details;
    for (const auto& f : report.findings)
      if (is_failure(f) && f.model == model && f.strategy == strategy) details += describe(f) + "\n";
    if (details.empty()) {
      out << "/>\n";
    } else {
      out << fmt::format(">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                         markup_escaped(details.substr(0, details.find('\n'))), markup_escaped(details));
    }
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace pollbench::reports
