#include <catch2/catch.hpp>
#include <httplib.h>
#include <sys/wait.h>

#include <csignal>
#include <filesystem>

#include "sim/json_fields.hpp"
#include "tests/support/child_process.hpp"

using namespace pollbench;

TEST_CASE("pollbench serve stops cleanly on SIGINT and on SIGTERM and writes its report") {
  for (int signal_number : {SIGINT, SIGTERM}) {
    INFO("signal " << signal_number);
    const auto report =
        std::filesystem::temp_directory_path() / ("pollbench_serve_report_" + std::to_string(signal_number) + ".json");
    std::filesystem::remove(report);
    testing::ChildProcess serve({"serve", "--time-scale", "100", "--report", report.string()}, true);
    REQUIRE(serve.started());
    const auto first_line = serve.stdout_line();
    REQUIRE(first_line.starts_with("pollbench serve: http://127.0.0.1:"));
    const int port = std::stoi(first_line.substr(first_line.rfind(':') + 1));
    httplib::Client client("127.0.0.1", port);
    CHECK(client.Get("/admin/stats")->status == 200);
    serve.signal(signal_number);
    const int status = serve.wait();
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(sim::read_json_file(report.string())["status_requests"] == 0);
  }
}
