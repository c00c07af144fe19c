#include <catch2/catch.hpp>
#include <sstream>

#include "../golden.hpp"
#include "bench/run/simulation_run.hpp"
#include "reports/reporters.hpp"

using namespace pollbench;

namespace {

// A real run with a fixed seed; numbers are masked so the goldens pin the layout, not
// figures that move whenever the simulator legitimately changes.
reports::RunResult small_run() {
  return bench::run_simulation(
      bench::select(sim::default_scenario(), {{"adaptive", "webhook"}, {"suno", "sora-2"}, 300, {}}));
}

template <class Reporter>
std::string rendered(const reports::RunResult& run) {
  std::ostringstream out;
  Reporter{}.write(run, out);
  return pollbench::testing::masked(out.str());
}

}  // namespace

TEST_CASE("golden layouts of a fixed-seed run: table - markdown - csv - json") {
  const auto run = small_run();
  const auto table = rendered<reports::TableReporter>(run);
  CHECK(table == pollbench::testing::golden("run_table.txt", table));
  const auto markdown = rendered<reports::MarkdownReporter>(run);
  CHECK(markdown == pollbench::testing::golden("run_markdown.md", markdown));
  const auto csv = rendered<reports::CsvReporter>(run);
  CHECK(csv == pollbench::testing::golden("run_results.csv", csv));
  const auto json = rendered<reports::JsonReporter>(run);
  CHECK(json == pollbench::testing::golden("run_results.json", json));
}
