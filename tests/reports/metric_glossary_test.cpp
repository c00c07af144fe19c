#include <catch2/catch.hpp>

#include "reports/metric_glossary.hpp"
#include "reports/metric_schema.hpp"

using namespace pollbench::reports;

TEST_CASE("metric glossary: the help names every metric and every table column") {
  const auto help = metrics_help_text();
  for (const auto& m : metric_schema()) {
    const auto last = m.name.substr(m.name.rfind('.') + 1);
    CHECK(help.find(std::string(last)) != std::string::npos);
    if (!m.header.empty()) CHECK(help.find(std::string(m.header)) != std::string::npos);
  }
  CHECK(help.find("requests.mean/sd/p50/p95/p99/max [req mean, req p95]") != std::string::npos);
  for (std::size_t at = 0, next = 0; at < help.size(); at = next + 1) {
    next = std::min(help.find('\n', at), help.size());
    CHECK(next - at <= 88);
  }
}

TEST_CASE("metric glossary: the notes under the tables, keyed by the columns' common stem") {
  const auto notes = table_notes(NoteWording::markdown);
  CHECK(notes.starts_with("req: status requests per task. detect: time from"));
  CHECK(notes.find("false t/o: gave up on a task that does finish.") != std::string::npos);
  CHECK(table_notes(NoteWording::html).find("detect: from the task's") != std::string::npos);
}

TEST_CASE("metric glossary: the terminal table's legend - one line a column shown - meanings aligned") {
  const auto legend = table_legend({"model", "strategy", "req mean", "req p95", "lost", "429s"});
  CHECK(legend ==
        "req   status requests per task\n"
        "lost  never reported\n"
        "429s  requests refused with 429 (the rate limit or an injected fault)\n"
        "Rates are of the pair's tasks; pollbench run --help describes every metric.\n");
}
