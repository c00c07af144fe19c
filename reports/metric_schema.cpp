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

// One statistic of the requests per task, or of the detection latency over the tasks
// detected: the five of each differ only in these.
struct Statistic {
  std::string_view name, csv_column, header;
  double Summary::*of;
  Tolerance tolerance;
};
constexpr Metric statistic(Summary R::*summary, Unit unit, Gloss gloss, std::uint64_t R::*over_tasks, Statistic s) {
  return {.name = s.name,
          .csv_column = s.csv_column,
          .header = s.header,
          .unit = unit,
          .tolerance = s.tolerance,
          .gloss = gloss,
          .field = SummaryStatistic{summary, s.of},
          .over_tasks = over_tasks};
}
constexpr Metric requests(Statistic s) {
  return statistic(&R::requests, Unit::requests, requests_per_task, nullptr, s);
}
constexpr Metric detection(Statistic s) {
  return statistic(&R::detection_latency_s, Unit::seconds, detection_latency, &R::detected, s);
}
// A summary's standard deviation: not judged by itself, but its mean's interval needs it.
constexpr Metric spread(Metric m) {
  m.direction = Direction::neither;
  return m;
}

// A column the table shows only when some row has a value other than 0.
constexpr Metric sparse(Metric m) {
  m.sparse = true;
  return m;
}

// A figure of its own, under the same name in the JSON and the CSV.
constexpr Metric figure(std::string_view name, std::string_view header, Unit unit, Tolerance tolerance, Gloss gloss,
                        double R::*member) {
  return {.name = name,
          .csv_column = name,
          .header = header,
          .unit = unit,
          .tolerance = tolerance,
          .gloss = gloss,
          .field = member};
}
constexpr Metric rate(std::string_view name, std::string_view header, Gloss gloss, double R::*member) {
  return figure(name, header, Unit::fraction, rate_tolerance, gloss, member);
}
constexpr Metric rps(std::string_view name, std::string_view header, Gloss gloss, double R::*member) {
  return figure(name, header, Unit::per_second, rps_tolerance, gloss, member);
}

constexpr std::array schema = {
    Metric{.name = "tasks",
           .csv_column = "tasks",
           .direction = Direction::neither,
           .gloss = {"tasks of the pair (of a stopped live run, those that ended)"},
           .field = &R::tasks},
    requests({"requests.mean", "requests_mean", "req mean", &S::mean, {0.02, 0.05}}),
    spread(requests({"requests.sd", "requests_sd", "", &S::sd, {}})),
    requests({"requests.p50", "requests_p50", "", &S::p50, requests_tail}),
    requests({"requests.p95", "requests_p95", "req p95", &S::p95, requests_tail}),
    requests({"requests.p99", "requests_p99", "", &S::p99, requests_tail}),
    requests({"requests.max", "requests_max", "", &S::max, requests_tail}),
    detection({"detection_latency_s.mean", "detection_latency_mean_s", "detect mean", &S::mean, {0.05, 0.05}}),
    spread(detection({"detection_latency_s.sd", "detection_latency_sd_s", "", &S::sd, {}})),
    detection({"detection_latency_s.p50", "detection_latency_p50_s", "", &S::p50, detection_middle}),
    detection({"detection_latency_s.p95", "detection_latency_p95_s", "detect p95", &S::p95, detection_middle}),
    detection({"detection_latency_s.p99", "detection_latency_p99_s", "", &S::p99, detection_tail}),
    detection({"detection_latency_s.max", "detection_latency_max_s", "", &S::max, detection_tail}),
    Metric{.name = "detected",
           .csv_column = "detected",
           .direction = Direction::neither,
           .gloss = {"how many tasks the detection latency is over"},
           .field = &R::detected},
    rate("timeout_rate", "timeout", {"the client's own limit ran out"}, &R::timeout_rate),
    rate("false_timeout_rate", "false t/o", {"gave up on a task that does finish", true}, &R::false_timeout_rate),
    rate("lost_rate", "lost", {"never reported", true}, &R::lost_rate),
    rate("error_rate", "", {"reported an error other than the task's failure"}, &R::error_rate),
    rate("wrong_outcome_rate", "wrong",
         {"reported failure for a success, or an error for a task that finished", true,
          "failure reported for a success, or an error for a task that finished"},
         &R::wrong_outcome_rate),
    rps("peak_rps", "peak rps", {"most status requests sent in one second over all tasks of the pair"}, &R::peak_rps),
    rps("p99_rps", "", {"99th percentile of requests per second while the pair was polling"}, &R::p99_rps),
    Metric{.name = "http_429",
           .csv_column = "http_429",
           .header = "429s",
           .sparse = true,
           .tolerance = {0.1, 5},
           .gloss = {"requests refused with 429 (the rate limit or an injected fault)"},
           .field = &R::http_429},
    sparse(figure(
        "connection_s", "conn s", Unit::seconds, {0.05, 0.05},
        {"seconds a connection was open at the server per task, for its requests and streams: what waiting costs "
         "the server"},
        &R::connection_s)),
    sparse(figure("bytes", "bytes", Unit::requests, {0.05, 50},
                  {"bytes on the wire per task, both ways, headers included (docs/metrics.md: a model of the mock "
                   "server's messages)"},
                  &R::bytes)),
    sparse(figure("peak_connections", "peak conn", Unit::requests, {0.1, 2},
                  {"most connections open at once at the server, averaged over one second, over all tasks of the pair"},
                  &R::peak_connections)),
    Metric{
        .name = "informed",
        .csv_column = "informed",
        .unit = Unit::flag,
        .direction = Direction::neither,
        .gloss = {"the row knows more than the elapsed time (server hints, progress, a held request or a stream): its "
                  "efficiency may exceed 1"},
        .field = &R::informed},
    Metric{
        .name = "efficiency",
        .csv_column = "efficiency",
        .header = "efficiency",
        .sparse = true,
        .unit = Unit::ratio,
        .direction = Direction::lower_is_worse,
        .gloss = {"optimal requests at this mean detection latency, facing the row's deadline, waits for answers "
                  "and faults, / the row's status lookups per task it saw through (none for a row without requests); * "
                  "the row knows more than the elapsed time (server hints, progress, a held request or a stream), so "
                  "the bound does not bind it",
                  true},
        .field = &R::efficiency,
        .starred_when = &R::informed},
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
    case Unit::flag:
      return v != 0 ? "yes" : "no";
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
  return formatted(unit, *v) + (starred_when != nullptr && r.*starred_when ? "*" : "");
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
