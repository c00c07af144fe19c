#include <catch2/catch.hpp>

#include "reports/html_charts.hpp"
#include "reports/svg_chart.hpp"
#include "sim/scenario.hpp"

using namespace pollbench::reports;

TEST_CASE("html charts: at most six strategies a chart, the guide's first, none left out") {
  std::vector<ResultRecord> records;
  for (const auto& s : pollbench::sim::default_scenario().strategies) {
    ResultRecord r;
    r.strategy = s.name;
    records.push_back(r);
  }
  std::vector<const ResultRecord*> rows;
  for (const auto& r : records) rows.push_back(&r);
  REQUIRE(rows.size() > max_series);
  const auto groups = chart_groups(rows);
  std::size_t charted = 0;
  for (const auto& g : groups) {
    CHECK(g.rows.size() <= max_series);
    CHECK_FALSE(g.name.empty());
    charted += g.rows.size();
  }
  CHECK(charted == rows.size());
  CHECK(groups.front().name == "the guide's techniques");
  CHECK(groups.front().rows.front()->strategy == "fixed_interval");

  rows.resize(3);
  CHECK(chart_groups(rows).size() == 1);
  CHECK(chart_groups(rows).front().name.empty());
}

TEST_CASE("html charts: a seventh strategy beyond the guide gets a chart of its own") {
  std::vector<ResultRecord> records(7);
  for (std::size_t i = 0; i < records.size(); ++i) records[i].strategy = "variant_" + std::to_string(i);
  std::vector<const ResultRecord*> rows;
  for (const auto& r : records) rows.push_back(&r);
  const auto groups = chart_groups(rows);
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].name == "beyond the guide");
  CHECK(groups[1].name == "beyond the guide (2)");
  CHECK(groups[1].rows.size() == 1);
}
