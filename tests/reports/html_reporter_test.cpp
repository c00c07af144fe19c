#include <catch2/catch.hpp>
#include <sstream>

#include "../golden.hpp"
#include "reports/reporters.hpp"

using namespace pollbench::reports;

namespace {

RunResult charted_run() {
  RunResult run{"0.1.0", "golden", "sim", 7, {}, {}, {}, {}, {}};
  for (int s = 0; s < 3; ++s) {
    ResultRecord r;
    r.strategy = std::string("strategy-") + char('a' + s);
    r.model = s < 2 ? "image <model>" : "video";
    r.tasks = 100;
    r.requests = {4.0 + s, 4, 8, 9, 10};
    r.detection_latency_s = {1.5 * (s + 1), 1.2, 3, 4, 5};
    r.detected = 95;
    r.lost_rate = 0.01 * s;
    r.wrong_outcome_rate = s == 0 ? 0 : 0.02;  // strategy-a is reliable
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

TEST_CASE("html reporter: self-contained - charts per model - names escaped") {
  const auto html = html_of(charted_run());
  // Per model: cost against speed, the CDF, what went wrong and, folded, requests per second.
  CHECK(count(html, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"") == 8);
  CHECK(count(html, "<script") == 0);
  CHECK(count(html, "src=") == 0);
  CHECK(count(html, "href=") == count(html, "href=\"#"));  // links within the page only
  CHECK(count(html, "http") == count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK(html.find("image &lt;model&gt;") != std::string::npos);
  CHECK(html.find("image <model>") == std::string::npos);
  CHECK(html.find("<meta name=\"viewport\"") != std::string::npos);
}

TEST_CASE("html reporter: the first screen answers per model, before any chart") {
  auto run = charted_run();
  run.records[0].strategy = "adaptive";
  const auto html = html_of(run);
  const auto answer = html.find("<h2 id=\"answer\">What to use</h2>");
  REQUIRE(answer != std::string::npos);
  CHECK(answer < html.find("<svg"));
  // Only adaptive is reliable (the others get 2% or more wrong), and it is the guide's.
  CHECK(html.find("<li><p>image &lt;model&gt;: poll with the guide's own adaptive, the best here: 4 requests a "
                  "task, detection 1.50 s.</p><pre><code>{&quot;kind&quot;: &quot;adaptive&quot;}</code></pre></li>") !=
        std::string::npos);
  CHECK(html.find("<li><p>video: no polling strategy kept") != std::string::npos);
  CHECK(html.find("<tr class=\"pick\"><td>adaptive</td>") != std::string::npos);
}

TEST_CASE("html reporter: every column of the tables is in the glossary, and the frontier too") {
  auto run = charted_run();
  run.records[1].http_429 = 3;
  run.records[1].efficiency = 0.5;
  const auto html = html_of(run);
  for (const auto* column :
       {"strategy", "req", "detect", "timeout", "false t/o", "lost", "wrong", "peak rps", "429s", "efficiency"})
    CHECK(html.find("<dt>" + std::string(column) + "</dt>") != std::string::npos);
  CHECK(html.find("<dt>optimal frontier (dashed line)</dt>") != std::string::npos);
  CHECK(count(html, "<div class=\"scroll\">") == 2);  // a table scrolls in its box, never widens the page
}

TEST_CASE("html reporter: the optimal frontier is drawn when the run carries it") {
  auto run = charted_run();
  CHECK(html_of(run).find("stroke-dasharray=\"6 4\"") == std::string::npos);
  run.frontiers.push_back({"video", {{0.5, 9}, {1, 6}, {2, 4}, {4, 3}}});
  const auto html = html_of(run);
  CHECK(count(html, "stroke-dasharray=\"6 4\"") == 1);
  CHECK(count(html, "optimal frontier</li>") == 1);
}
