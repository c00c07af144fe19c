#include <catch2/catch.hpp>
#include <set>
#include <sstream>

#include "reports/metric_schema.hpp"
#include "reports/reporters.hpp"
#include "reports/result_reader.hpp"

using namespace pollbench::reports;

namespace {

// Every metric a different value: whole numbers for counts, true for flags, small
// fractions otherwise so that rates stay in [0, 1].
ResultRecord distinct_record() {
  ResultRecord r;
  r.strategy = "s";
  r.model = "m";
  std::size_t i = 0;
  for (const auto& m : metric_schema()) {
    ++i;
    with_field(m, r, [&](auto& slot) {
      if constexpr (std::is_same_v<std::decay_t<decltype(slot)>, std::uint64_t>)
        slot = i;
      else if constexpr (std::is_same_v<std::decay_t<decltype(slot)>, bool>)
        slot = true;
      else
        slot = static_cast<double>(i) / 100;
    });
  }
  return r;
}

}  // namespace

TEST_CASE("metric schema: one name and one CSV column per metric, a tolerance for each gated one") {
  std::set<std::string_view> names, columns;
  for (const auto& m : metric_schema()) {
    CHECK(names.insert(m.name).second);
    CHECK(columns.insert(m.csv_column).second);
    CHECK(find_metric(m.name) == &m);
    if (m.gated()) CHECK(m.tolerance.relative + m.tolerance.absolute > 0);
  }
  CHECK(find_metric("requests.mena") == nullptr);
  CHECK_THROWS_AS(metric_named("requests.mena"), std::logic_error);
}

TEST_CASE("metric schema: the JSON holds each metric at its dotted name and reads back the same") {
  const auto r = distinct_record();
  const nlohmann::json j = record_json(r);
  const auto back = read_record(j, "r");
  for (const auto& m : metric_schema()) {
    std::string pointer = "/" + std::string(m.name);
    std::replace(pointer.begin(), pointer.end(), '.', '/');
    const auto& value = j.at(nlohmann::json::json_pointer(pointer));
    CHECK((value.is_boolean() ? value.get<bool>() : value.get<double>()) == *m.value(r));
    CHECK(m.value(back) == m.value(r));
  }
}

TEST_CASE("metric schema: an optional metric a row lacks is absent from the JSON and empty in the CSV") {
  ResultRecord r;
  r.strategy = "s";
  r.model = "m";
  CHECK_FALSE(record_json(r).contains("efficiency"));
  std::ostringstream csv;
  CsvReporter{}.write(RunResult{"v", "x", "sim", 1, {r}, {}, {}, {}, {}}, csv);
  const auto text = csv.str();
  const auto header = text.substr(0, text.find('\n'));
  const auto row = text.substr(header.size() + 1);
  CHECK(std::count(header.begin(), header.end(), ',') == static_cast<std::ptrdiff_t>(metric_schema().size()) + 1);
  CHECK(std::count(row.begin(), row.end(), ',') == std::count(header.begin(), header.end(), ','));
  CHECK(row.ends_with(",\n"));
}

TEST_CASE("metric schema: cells in the metric's unit, '-' for what a row does not have") {
  ResultRecord r;
  r.requests.mean = 12.5;
  r.detection_latency_s.p95 = 1.5;
  r.false_timeout_rate = 0.043;
  r.http_429 = 7;
  CHECK(metric_named("requests.mean").cell(r) == "12.5");
  CHECK(metric_named("detection_latency_s.p95").cell(r) == "-");  // nothing detected
  r.detected = 3;
  CHECK(metric_named("detection_latency_s.p95").cell(r) == "1.50 s");
  CHECK(metric_named("false_timeout_rate").cell(r) == "4.3%");
  CHECK(metric_named("http_429").cell(r) == "7");
  CHECK(metric_named("efficiency").cell(r) == "-");
  r.efficiency = 0.456;
  CHECK(metric_named("efficiency").cell(r) == "0.46");
  r.informed = true;  // beyond the bound's reach: marked
  CHECK(metric_named("efficiency").cell(r) == "0.46*");
  CHECK(metric_named("informed").cell(r) == "yes");
}
