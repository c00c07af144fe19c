// Issue 12's probes, each a regression test: how `pollbench serve` takes hostile, broken
// and slow clients. Every server listens on a free port of 127.0.0.1 and stops with its
// scope; every read is bounded by a receive timeout.

#include <catch2/catch.hpp>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <thread>

#include "sim/server/mock_server.hpp"
#include "sim/server/request_checks.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/raw_http.hpp"

using namespace pollbench;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::body_of;
using testing::RawConnection;
using testing::status_of;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* scenario_text = R"({
  "seed": 7, "request_timeout_s": 1,
  "api_keys": [{"key": "key-a", "webhook_secret": "secret-a"}, {"key": "key-b", "webhook_secret": "secret-b"}],
  "models": [{"name": "img", "completion": {"kind": "constant", "value_s": 1}}],
  "strategies": [{"kind": "adaptive"}]})";

sim::server::ServeOptions defaults() {
  sim::server::ServeOptions o;
  o.time_scale = 100;
  return o;
}

struct Server {
  sim::server::MockServer server;
  int port;
  explicit Server(sim::server::ServeOptions o = defaults())
      : server(sim::parse_scenario(json::parse(scenario_text)), std::move(o)), port(server.start()) {}
  ~Server() { server.stop(); }

  // One request on a connection of its own: the whole answer.
  std::string ask(const std::string& request) const {
    RawConnection c(port);
    c.send(request);
    return c.read_answer();
  }
};

const std::string key_a_line = "Authorization: Bearer key-a\r\n";

std::string get(const std::string& target, const std::string& headers = key_a_line) {
  return "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n";
}

std::string post(const std::string& target, const std::string& body, const std::string& headers = key_a_line) {
  return "POST " + target + " HTTP/1.1\r\nHost: x\r\n" + headers + "Content-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

const std::string async_task = R"({"request_type":"async","input":{}})";

// A JSON error answer with this status: valid JSON whatever the request held.
bool json_error(const std::string& answer, int status) {
  const auto body = json::parse(body_of(answer), nullptr, false);
  return status_of(answer) == status && body.is_object() && body.value("code", 0) == status &&
         !body.value("msg", "").empty();
}

std::string chunk(const std::string& bytes) { return fmt::format("{:x}\r\n{}\r\n", bytes.size(), bytes); }

// Sends a chunked body of `total` bytes made of `piece` until the server stops taking
// it; the server's answer.
std::string send_chunked(const Server& s, const std::string& piece, std::size_t total) {
  RawConnection c(s.port);
  c.send("POST /generateTask/img HTTP/1.1\r\nHost: x\r\n" + key_a_line + "Transfer-Encoding: chunked\r\n\r\n");
  std::thread sender([&] {
    for (std::size_t sent = 0; sent < total && c.send(chunk(piece)); sent += piece.size()) {}
    c.send("0\r\n\r\n");
  });
  const auto answer = c.read_answer();
  sender.join();
  return answer;
}

// `n` connections, each having sent `first_bytes` and then nothing.
std::vector<RawConnection> open_connections(int port, int n, const std::string& first_bytes) {
  std::vector<RawConnection> open;
  for (int i = 0; i < n; ++i) {
    open.emplace_back(port);
    REQUIRE(open.back().connected());
    if (!first_bytes.empty()) open.back().send(first_bytes);
  }
  return open;
}

}  // namespace

TEST_CASE("server probe - a bad percent-encoding without a key gets a JSON 404, and the server stays up") {
  Server s;
  CHECK(json_error(s.ask(get("/%FF", "")), 404));
  CHECK(status_of(s.ask(post("/generateTask/img", async_task))) == 200);
}

TEST_CASE("server probe - invalid UTF-8 in a model, a taskId or a header gets a 4xx with valid JSON") {
  Server s;
  CHECK(json_error(s.ask(post("/generateTask/%FF%FE", async_task)), 404));
  CHECK(json_error(s.ask(post("/generateTask/\xff", async_task)), 404));
  CHECK(json_error(s.ask(get("/recordInfo?taskId=%FF")), 404));
  CHECK(json_error(s.ask(post("/generateTask/img", async_task, key_a_line + "X-Pollbench-Series: \xff\xfe\r\n")), 422));
  CHECK(json_error(s.ask(post("/generateTask/img", async_task, key_a_line + "X-Pollbench-Task-Index: \xff\r\n")), 422));
  CHECK(json_error(s.ask(post("/generateTask/img", R"({"request_type":"\u00ff"})")), 422));
}

TEST_CASE("server probe - a 40,000-character callback_url gets 422 and no regex meets it") {
  Server s;
  const auto url = "http://127.0.0.1:9/" + std::string(40'000, 'a');
  const json body = {{"request_type", "callback"}, {"callback_url", url}, {"input", json::object()}};
  CHECK(json_error(s.ask(post("/generateTask/img", body.dump())), 422));
  CHECK(status_of(s.ask(post("/generateTask/img", async_task))) == 200);
}

TEST_CASE("request checks - callback URLs are read by hand, as strictly as before") {
  using sim::server::parse_callback_url;
  const auto ok = parse_callback_url("http://127.0.0.1:9000/hook?a=1");
  REQUIRE(ok);
  CHECK(ok->host == "127.0.0.1");
  CHECK(ok->port == 9000);
  CHECK(ok->path == "/hook?a=1");
  CHECK(parse_callback_url("http://localhost")->path == "/");
  CHECK(parse_callback_url("http://localhost")->port == 80);
  CHECK(parse_callback_url("http://[::1]:8080/x")->host == "[::1]");
  for (const char* bad : {"https://127.0.0.1/", "http://", "http://:80/", "http://127.0.0.1:/",
                          "http://127.0.0.1:99999/", "http://127.0.0.1:0/", "http://[::1/", "http://[zz]/",
                          "http://[::1]x/", "http://h/a b", "http://h/a\r\nX: y", "http://a:1:2/"}) {
    INFO(bad);
    CHECK(!parse_callback_url(bad));
  }
}

TEST_CASE("server probe - a 10 MB chunked body gets 413 at the body limit") {
  Server s;
  CHECK(json_error(send_chunked(s, std::string(64 * 1024, 'x'), 10 << 20), 413));
  CHECK(status_of(s.ask(post("/generateTask/img", async_task))) == 200);
}

TEST_CASE("server probe - a body nested a million levels deep is refused before anything recursive meets it") {
  {
    Server s;  // at the default body limit the depth never arrives
    CHECK(json_error(send_chunked(s, std::string(100'000, '['), 1'000'000), 413));
  }
  auto o = defaults();
  o.max_body_bytes = 4 << 20;
  Server s(o);
  const auto answer = send_chunked(s, std::string(100'000, '['), 1'000'000);
  CHECK(json_error(answer, 400));
  CHECK_THAT(body_of(answer), Catch::Contains("deeper than 64"));
  CHECK(json_error(s.ask(post("/recordInfo/batch", std::string(65, '[') + std::string(65, ']'))), 400));
  CHECK(status_of(s.ask(post("/generateTask/img", async_task))) == 200);
}

TEST_CASE("server probe - tasks per key are capped: 429, and other keys go on") {
  auto o = defaults();
  o.max_tasks_per_key = 3;
  Server s(o);
  for (int i = 0; i < 3; ++i) CHECK(status_of(s.ask(post("/generateTask/img", async_task))) == 200);
  CHECK(json_error(s.ask(post("/generateTask/img", async_task)), 429));
  CHECK(status_of(s.ask(post("/generateTask/img", async_task, "Authorization: Bearer key-b\r\n"))) == 200);
  CHECK(status_of(s.ask(get("/recordInfo?taskId=img-000000"))) == 200);
}

TEST_CASE("server probe - 64 KiB bodies fill the journal to its cap, then creates get 507 and old tasks stay") {
  auto o = defaults();
  o.max_journal_bytes = 256 * 1024;
  Server s(o);
  const json big = {{"request_type", "async"}, {"input", {{"pad", std::string(60'000, 'x')}}}};
  int created = 0;
  std::string refusal;
  for (int i = 0; i < 10 && refusal.empty(); ++i) {
    const auto answer = s.ask(post("/generateTask/img", big.dump()));
    if (status_of(answer) == 200)
      ++created;
    else
      refusal = answer;
  }
  CHECK(created == 4);
  CHECK(json_error(refusal, 507));
  CHECK(s.server.stats()["overall"]["tasks_created"] == created);
  CHECK(status_of(s.ask(get("/recordInfo?taskId=img-000000"))) == 200);
}

TEST_CASE("server probe - during a 1,000-connection slowloris other clients are served within a second") {
  Server s;
  const auto slow = open_connections(s.port, 1000, "GET /recordInfo?taskId=img-000000 HTTP/1.1\r\nHost: x\r\nX-Slow: ");
  const auto started = Clock::now();
  CHECK(status_of(s.ask(post("/generateTask/img", async_task))) == 200);
  CHECK(Clock::now() - started < 1s);
}

TEST_CASE("server probe - a slow client loses its own connection at the head deadline") {
  auto o = defaults();
  o.head_timeout = 200ms;
  Server s(o);
  RawConnection slow(s.port, 5s);
  slow.send("GET /recordInfo HTTP/1.1\r\nHost: x\r\n");
  const auto started = Clock::now();
  CHECK(slow.closed_by_server());
  CHECK(Clock::now() - started < 3s);
  CHECK(status_of(s.ask(post("/generateTask/img", async_task))) == 200);
}

TEST_CASE("server probe - next to 2,000 idle connections a new client is served within 100 ms") {
  Server s;
  // Each asks once, then stays open: kept alive and idle, as a client's pool leaves them.
  const auto idle = open_connections(s.port, 2000, get("/recordInfo?taskId=none"));
  const auto answered =
      std::count_if(idle.begin(), idle.end(), [](const auto& c) { return status_of(c.read_answer()) == 404; });
  REQUIRE(answered == 2000);
  const auto started = Clock::now();
  CHECK(status_of(s.ask(post("/generateTask/img", async_task))) == 200);
  CHECK(Clock::now() - started < 100ms);
}

TEST_CASE("server probe - SIGTERM while 50 clients trickle ends the server within a second, report written") {
  const auto report =
      std::filesystem::temp_directory_path() / ("pollbench_probe_report_" + std::to_string(getpid()) + ".json");
  std::filesystem::remove(report);
  testing::ChildProcess serve({"serve", "--report", report.string()});
  REQUIRE(serve.started());
  const auto line = serve.stdout_line();
  REQUIRE(line.find("http://127.0.0.1:") != std::string::npos);
  const int port = std::stoi(line.substr(line.rfind(':') + 1));
  const auto trickling = open_connections(port, 50, "POST /generateTask/img HTTP/1.1\r\nContent-Length: 100\r\n\r\n{");
  const auto signalled = Clock::now();
  serve.signal(SIGTERM);
  const int status = serve.wait();
  CHECK(Clock::now() - signalled < 1s);
  CHECK(WIFEXITED(status));
  std::ifstream written(report);
  CHECK(json::parse(written, nullptr, false).contains("status_requests"));
  std::filesystem::remove(report);
}

TEST_CASE("server probe - odd heads get JSON answers: a float Content-Length, a huge one, PUT without a body") {
  Server s;
  CHECK(json_error(s.ask("POST /generateTask/img HTTP/1.1\r\nHost: x\r\nContent-Length: 1e18\r\n\r\n"), 400));
  CHECK(json_error(s.ask("POST /generateTask/img HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000000000\r\n\r\n"),
                   413));
  CHECK(json_error(s.ask("PUT /generateTask/img HTTP/1.1\r\nHost: x\r\n\r\n"), 404));
  CHECK(json_error(s.ask(get("/" + std::string(9000, 'a'))), 414));
  CHECK(json_error(s.ask(get("/", "X-Big: " + std::string(20'000, 'b') + "\r\n")), 431));
  RawConnection curl_like(s.port);  // curl asks before sending a body over 1 KiB
  curl_like.send("POST /generateTask/img HTTP/1.1\r\nHost: x\r\n" + key_a_line +
                 "Expect: 100-continue\r\nContent-Length: " + std::to_string(async_task.size()) + "\r\n\r\n");
  CHECK(curl_like.read([](const std::string& got) { return got.find("\r\n\r\n") != std::string::npos; }) ==
        "HTTP/1.1 100 Continue\r\n\r\n");
  curl_like.send(async_task);
  CHECK(status_of(curl_like.read_answer()) == 200);
}

TEST_CASE("server probe - nothing of one key is visible to another: ids, indexes and lookups are per key") {
  Server s;
  const std::string key_b = "Authorization: Bearer key-b\r\n";
  const auto a = s.ask(post("/generateTask/img", async_task, key_a_line + "X-Pollbench-Task-Index: 0\r\n"));
  const auto b = s.ask(post("/generateTask/img", async_task, key_b + "X-Pollbench-Task-Index: 0\r\n"));
  REQUIRE(status_of(a) == 200);
  REQUIRE(status_of(b) == 200);
  CHECK(json::parse(body_of(b))["data"]["taskId"] == "img-000000");
  CHECK(json_error(s.ask(post("/generateTask/img", async_task, key_a_line + "X-Pollbench-Task-Index: 0\r\n")), 409));
  CHECK(json::parse(body_of(s.ask(post("/generateTask/img", async_task, key_b))))["data"]["taskId"] == "img-000001");
  CHECK(json_error(s.ask(get("/recordInfo?taskId=img-000001")), 404));  // key A has no task 1
}
