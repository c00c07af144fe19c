#include <catch2/catch.hpp>
#include <sstream>

#include "../golden.hpp"
#include "reports/reporters.hpp"
#include "reports/svg_chart.hpp"
#include "sim/scenario.hpp"
#include <set>

using namespace pollbench::reports;

namespace {

RunResult charted_run() {
  RunResult run{"0.1.0", "golden", "sim", 7, {}, {}, {}, {}};
  for (int s = 0; s < 3; ++s) {
    ResultRecord r;
    r.strategy = std::string("strategy-") + char('a' + s);
    r.model = s < 2 ? "image <model>" : "video";
    r.tasks = 100;
    r.requests = {4.0 + s, 4, 8, 9, 10};
    r.detection_latency_s = {1.5 * (s + 1), 1.2, 3, 4, 5};
    r.detected = 95;
    r.lost_rate = 0.01 * s;
    r.wrong_outcome_rate = 0.02;
    for (int p = 0; p <= 100; ++p) r.detection_latency_cdf_s.push_back(0.05 * p * (s + 1));
    r.requests_per_second = {2, {0, 5, 9, 7, 3, 1}};
    r.peak_rps = 9;
    run.records.push_back(r);
  }
  return run;
}

std::string html_of(const RunResult& run) {
  std::ostringstream out;
  HtmlReporter{}.write(run, out);
  return out.str();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("html reporter: golden page") {
  const auto html = html_of(charted_run());
  CHECK(html == pollbench::testing::golden("report.html", html));
}

TEST_CASE("html reporter: self-contained - four charts per model - names escaped") {
  const auto html = html_of(charted_run());
  CHECK(count(html, "<svg") == 8);
  CHECK(count(html, "<script") == 0);
  CHECK(count(html, "src=") == 0);
  CHECK(count(html, "href=") == 0);
  CHECK(count(html, "http") == count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK(html.find("image &lt;model&gt;") != std::string::npos);
  CHECK(html.find("image <model>") == std::string::npos);
  // Who wins: strategy-a has the fewest requests and is reliable (2% wrong is not).
  CHECK(html.find("<td>image &lt;model&gt;</td><td>none reliable</td>") != std::string::npos);
}

TEST_CASE("html reporter: the optimal frontier is drawn when the run carries it") {
  auto run = charted_run();
  CHECK(html_of(run).find("stroke-dasharray") == std::string::npos);
  run.frontiers.push_back({"video", {{0.5, 9}, {1, 6}, {2, 4}, {4, 3}}});
  const auto html = html_of(run);
  CHECK(count(html, "stroke-dasharray") == 1);
  CHECK(count(html, "optimal frontier") == 1);
}

TEST_CASE("every strategy of the default scenario gets a colour of its own in the charts") {
  std::set<std::string> colours;
  const auto strategies = pollbench::sim::default_scenario().strategies.size();
  for (std::size_t i = 0; i < strategies; ++i) colours.insert(pollbench::reports::series_color(i));
  CHECK(colours.size() == strategies);
}
