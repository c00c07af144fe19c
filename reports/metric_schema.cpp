#include "reports/metric_schema.hpp"

#include <array>
#include <fmt/format.h>
#include <stdexcept>

#include "reports/units.hpp"

namespace pollbench::reports {

namespace {

using R = ResultRecord;
using S = Summary;

constexpr Gloss requests_per_task{"status requests per task", true};
constexpr Gloss detection_latency{
    "time from the task's terminal moment to the client knowing it, over tasks whose outcome the client "
    "reported correctly",
    true, "from the task's terminal moment to the client knowing it, over tasks whose outcome it reported correctly"};

constexpr Tolerance rate_tolerance{0.1, 0.001};
constexpr Tolerance requests_tail{0.05, 1};
constexpr Tolerance detection_middle{0.05, 0.1};
constexpr Tolerance detection_tail{0.1, 0.5};
constexpr Tolerance rps_tolerance{0.1, 2};

constexpr std::array schema = {
    Metric{.name = "tasks",
           .csv_column = "tasks",
           .direction = Direction::neither,
           .gloss = {"tasks of the pair (of a stopped live run, those that ended)"},
           .field = &R::tasks},
    Metric{.name = "requests.mean",
           .csv_column = "requests_mean",
           .header = "req mean",
           .unit = Unit::requests,
           .tolerance = {0.02, 0.05},
           .gloss = requests_per_task,
           .field = SummaryStatistic{&R::requests, &S::mean}},
    Metric{.name = "requests.p50",
           .csv_column = "requests_p50",
           .unit = Unit::requests,
           .tolerance = requests_tail,
           .gloss = requests_per_task,
           .field = SummaryStatistic{&R::requests, &S::p50}},
    Metric{.name = "requests.p95",
           .csv_column = "requests_p95",
           .header = "req p95",
           .unit = Unit::requests,
           .tolerance = requests_tail,
           .gloss = requests_per_task,
           .field = SummaryStatistic{&R::requests, &S::p95}},
    Metric{.name = "requests.p99",
           .csv_column = "requests_p99",
           .unit = Unit::requests,
           .tolerance = requests_tail,
           .gloss = requests_per_task,
           .field = SummaryStatistic{&R::requests, &S::p99}},
    Metric{.name = "requests.max",
           .csv_column = "requests_max",
           .unit = Unit::requests,
           .tolerance = requests_tail,
           .gloss = requests_per_task,
           .field = SummaryStatistic{&R::requests, &S::max}},
    Metric{.name = "detection_latency_s.mean",
           .csv_column = "detection_latency_mean_s",
           .header = "detect mean",
           .unit = Unit::seconds,
           .tolerance = {0.05, 0.05},
           .gloss = detection_latency,
           .field = SummaryStatistic{&R::detection_latency_s, &S::mean},
           .over_tasks = &R::detected},
    Metric{.name = "detection_latency_s.p50",
           .csv_column = "detection_latency_p50_s",
           .unit = Unit::seconds,
           .tolerance = detection_middle,
           .gloss = detection_latency,
           .field = SummaryStatistic{&R::detection_latency_s, &S::p50},
           .over_tasks = &R::detected},
    Metric{.name = "detection_latency_s.p95",
           .csv_column = "detection_latency_p95_s",
           .header = "detect p95",
           .unit = Unit::seconds,
           .tolerance = detection_middle,
           .gloss = detection_latency,
           .field = SummaryStatistic{&R::detection_latency_s, &S::p95},
           .over_tasks = &R::detected},
    Metric{.name = "detection_latency_s.p99",
           .csv_column = "detection_latency_p99_s",
           .unit = Unit::seconds,
           .tolerance = detection_tail,
           .gloss = detection_latency,
           .field = SummaryStatistic{&R::detection_latency_s, &S::p99},
           .over_tasks = &R::detected},
    Metric{.name = "detection_latency_s.max",
           .csv_column = "detection_latency_max_s",
           .unit = Unit::seconds,
           .tolerance = detection_tail,
           .gloss = detection_latency,
           .field = SummaryStatistic{&R::detection_latency_s, &S::max},
           .over_tasks = &R::detected},
    Metric{.name = "detected",
           .csv_column = "detected",
           .direction = Direction::neither,
           .gloss = {"how many tasks the detection latency is over"},
           .field = &R::detected},
    Metric{.name = "timeout_rate",
           .csv_column = "timeout_rate",
           .header = "timeout",
           .unit = Unit::fraction,
           .tolerance = rate_tolerance,
           .gloss = {"the client's own limit ran out"},
           .field = &R::timeout_rate},
    Metric{.name = "false_timeout_rate",
           .csv_column = "false_timeout_rate",
           .header = "false t/o",
           .unit = Unit::fraction,
           .tolerance = rate_tolerance,
           .gloss = {"gave up on a task that does finish", true},
           .field = &R::false_timeout_rate},
    Metric{.name = "lost_rate",
           .csv_column = "lost_rate",
           .header = "lost",
           .unit = Unit::fraction,
           .tolerance = rate_tolerance,
           .gloss = {"never reported", true},
           .field = &R::lost_rate},
    Metric{.name = "error_rate",
           .csv_column = "error_rate",
           .unit = Unit::fraction,
           .tolerance = rate_tolerance,
           .gloss = {"reported an error other than the task's failure"},
           .field = &R::error_rate},
    Metric{.name = "wrong_outcome_rate",
           .csv_column = "wrong_outcome_rate",
           .header = "wrong",
           .unit = Unit::fraction,
           .tolerance = rate_tolerance,
           .gloss = {"reported failure for a success, or an error for a task that finished", true,
                     "failure reported for a success, or an error for a task that finished"},
           .field = &R::wrong_outcome_rate},
    Metric{.name = "peak_rps",
           .csv_column = "peak_rps",
           .header = "peak rps",
           .unit = Unit::per_second,
           .tolerance = rps_tolerance,
           .gloss = {"most status requests sent in one second over all tasks of the pair"},
           .field = &R::peak_rps},
    Metric{.name = "p99_rps",
           .csv_column = "p99_rps",
           .unit = Unit::per_second,
           .tolerance = rps_tolerance,
           .gloss = {"99th percentile of requests per second while the pair was polling"},
           .field = &R::p99_rps},
    Metric{.name = "http_429",
           .csv_column = "http_429",
           .header = "429s",
           .sparse = true,
           .tolerance = {0.1, 5},
           .gloss = {"requests refused with 429 (the rate limit or an injected fault)"},
           .field = &R::http_429},
    Metric{
        .name = "efficiency",
        .csv_column = "efficiency",
        .header = "efficiency",
        .sparse = true,
        .unit = Unit::ratio,
        .direction = Direction::lower_is_worse,
        .gloss = {"optimal requests at this mean detection latency / mean requests (none for a row without requests)"},
        .field = &R::efficiency},
};

std::string formatted(Unit unit, double v) {
  switch (unit) {
    case Unit::count:
      return fmt::format("{:.0f}", v);
    case Unit::requests:
    case Unit::per_second:
      return human_count(v);
    case Unit::seconds:
      return human_duration(v);
    case Unit::fraction:
      return human_percent(v);
    case Unit::ratio:
      return fmt::format("{:.2f}", v);
  }
  return {};
}

}  // namespace

std::optional<double> Metric::value(const ResultRecord& r) const {
  return with_field(*this, r, [](const auto& v) -> std::optional<double> {
    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::uint64_t>)
      return static_cast<double>(v);
    else
      return v;
  });
}

std::string Metric::cell(const ResultRecord& r) const {
  const auto v = value(r);
  if (!v || (over_tasks != nullptr && r.*over_tasks == 0)) return "-";
  return formatted(unit, *v);
}

std::span<const Metric> metric_schema() { return schema; }

const Metric* find_metric(std::string_view name) {
  for (const auto& m : schema)
    if (m.name == name) return &m;
  return nullptr;
}

const Metric& metric_named(std::string_view name) {
  if (const auto* m = find_metric(name)) return *m;
  throw std::logic_error(fmt::format("no metric {}", name));
}

}  // namespace pollbench::reports
