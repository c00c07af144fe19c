#pragma once
// The one metric schema: every figure of a result row, with how each format names, reads,
// shows and judges it. The JSON writer and reader, the CSV, the comparison tables and
// their notes, the gate's budgets and tolerances and `run --help` all read this table,
// so adding a metric is adding a row here (and the ResultRecord field it reads).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "reports/result_record.hpp"

namespace pollbench::reports {

// A change counts only beyond max(absolute, relative x |baseline|).
struct Tolerance {
  double relative = 0;
  double absolute = 0;
};

// What a value measures: it decides how it is bounded when read and how a table shows it.
enum class Unit {
  count,       // a whole number, shown as is
  requests,    // per task, any number
  seconds,     // any number, shown as 340 ms, 1.50 s, 4.2 min
  fraction,    // of the row's tasks, in [0, 1], shown as a percentage
  per_second,  // requests per second, >= 0
  ratio,       // shown with two decimals
  flag,        // true or false, shown as yes or no
};

enum class Direction { higher_is_worse, lower_is_worse, neither };

// What a metric means. The statistics of one summary share theirs; rows sharing a gloss
// are one entry wherever metrics are explained.
struct Gloss {
  std::string_view text = {};
  bool under_tables = false;        // also defined under the Markdown and HTML tables
  std::string_view html_text = {};  // the HTML page's wording, where its golden pins another
};

// One statistic of one of a row's summaries, e.g. requests.p95.
struct SummaryStatistic {
  Summary ResultRecord::*summary;
  double Summary::*statistic;
};

// Where a record keeps the value; the alternative says its JSON type and whether it may be absent.
using MetricField = std::variant<double ResultRecord::*, std::uint64_t ResultRecord::*,
                                 std::optional<double> ResultRecord::*, bool ResultRecord::*, SummaryStatistic>;

struct Metric {
  std::string_view name = {};  // dotted JSON path, also the name budgets and tolerances use
  std::string_view csv_column = {};
  std::string_view header = {};  // the comparison table's column; empty when not shown
  bool sparse = false;           // the column only when some row has a value other than 0
  Unit unit = Unit::count;
  Direction direction = Direction::higher_is_worse;
  Tolerance tolerance = {};  // the gate's default
  Gloss gloss = {};
  MetricField field = {};
  std::uint64_t ResultRecord::*over_tasks = nullptr;  // a statistic of these tasks: none without any
  bool ResultRecord::*starred_when = nullptr;         // the cell ends in "*" when this is set

  bool optional() const { return std::holds_alternative<std::optional<double> ResultRecord::*>(field); }
  // A baseline and a budget hold only what every row has and what has a bad direction.
  bool gated() const { return direction != Direction::neither && !optional(); }
  // The value the record holds; none only for an optional metric the row lacks.
  std::optional<double> value(const ResultRecord& r) const;
  // The value as a table shows it; "-" when there is none or no task it is over.
  std::string cell(const ResultRecord& r) const;
};

// Calls f with a reference to the metric's field in r (const when r is): a double, a
// std::uint64_t, a std::optional<double> or a bool, as the record types it.
template <class Record, class F>
decltype(auto) with_field(const Metric& m, Record& r, F&& f) {
  return std::visit(
      [&](auto member) -> decltype(auto) {
        if constexpr (std::is_same_v<decltype(member), SummaryStatistic>)
          return f((r.*member.summary).*member.statistic);
        else
          return f(r.*member);
      },
      m.field);
}

// Every metric, in the order of the JSON, the CSV and the tables.
std::span<const Metric> metric_schema();
const Metric* find_metric(std::string_view name);
// A metric the code names; a misspelled name is a programming error (std::logic_error).
const Metric& metric_named(std::string_view name);

}  // namespace pollbench::reports
