#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "sim/scenario.hpp"
#include "sim/server/mock_server.hpp"
#include "tests/support/run_cli.hpp"

using namespace pollbench;
using testing::cli;

TEST_CASE("run --live --target with a key the server refuses exits 2 before the run starts") {
  const std::string text = R"({"name": "preflight", "seed": 3, "tasks_per_model": 3,
    "models": [{"name": "m", "completion": {"kind": "constant", "value_s": 1}}],
    "strategies": [{"kind": "fixed_interval", "interval_ms": 500}]})";
  const auto file = testing::write_temp("pollbench_preflight.json", text);
  sim::server::ServeOptions options;
  options.time_scale = 1000;
  options.threads = 1;
  sim::server::MockServer server(sim::load_scenario_file(file), options);  // stops when the test ends
  const auto target = fmt::format("http://127.0.0.1:{}", server.start());

  const auto refused = cli({"run", "--live", "--target", target, "--api-key", "wrong", "--scenario", file});
  CHECK(refused.code == 2);
  CHECK(refused.err == "error: --api-key: the server refused the API key (HTTP 401 from " + target + ")\n");
  CHECK(refused.out.empty());

  // The right key passes the preflight and the run goes on; a trailing slash is the same target.
  const auto& key = server.api_keys().front().key;
  const auto run = cli({"run", "--live", "--target", target + "/", "--api-key", key, "--scenario", file});
  CHECK(run.code == 0);
  CHECK(run.out.find("fixed_interval") != std::string::npos);
}
