// libFuzzer: raw bytes through the mock server's request path, without sockets: Beast's
// parser with the server's limits, then the router, the checks and the handlers. Every
// answer must be JSON, whatever arrived, but GET /metrics's, which must be Prometheus's text format.

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <cstdint>
#include <cstdlib>

#include "sim/server/beast_exchange.hpp"
#include "sim/server/request_handler.hpp"
#include "sim/server/serve_options.hpp"
#include "sim/server/server_metrics.hpp"
#include "tests/fuzz/fuzz_checks.hpp"
#include "tests/support/prometheus_text.hpp"

namespace {

using namespace pollbench::sim;
using namespace pollbench::sim::server;
using pollbench::fuzz::require;
namespace http = boost::beast::http;

constexpr const char* scenario_text = R"({
  "seed": 7, "request_timeout_s": 1,
  "api_keys": [{"key": "key-a", "webhook_secret": "secret-a"}],
  "models": [{"name": "img", "completion": {"kind": "constant", "value_s": 1},
              "long_poll": {"max_wait_s": 60, "reset_rate": 0.1},
              "event_stream": {"idle_cut_s": 0.5, "event_loss_rate": 0.5},
              "progress": {"sigma": 0.2, "queue_slot_s": 0.1}}],
  "strategies": [{"kind": "adaptive"}]})";

// One server's state for the whole run; its journal capped so memory stays flat.
struct World {
  Scenario scenario = parse_scenario(nlohmann::json::parse(scenario_text));
  std::vector<ApiKey> keys = scenario.api_keys;
  ServeOptions options;
  TimeScale scale{100};
  TaskLedger ledger{scenario, scale, {1000, std::size_t{8} << 20}};
  ServerMetrics metrics;
  RequestHandler handler{scenario,
                         keys,
                         BodyRules{options.max_json_depth, options.max_callback_url_bytes, {}},
                         scale,
                         ledger,
                         [](Delivery, WallClock::time_point) {},
                         [this](WallClock::time_point now) {
                           return metrics.text({1, ledger.census(now)});
                         }};
};

// Feeds the bytes to a parser as the session would; the request when they hold a whole one.
bool parse(const std::uint8_t* data, std::size_t size, http::request_parser<http::string_body>& parser,
           const ServeOptions& o) {
  parser.header_limit(static_cast<std::uint32_t>(o.max_head_bytes));
  parser.body_limit(o.max_body_bytes);
  parser.eager(true);
  boost::asio::const_buffer rest(data, size);
  boost::beast::error_code ec;
  while (rest.size() > 0 && !parser.is_done()) {
    const auto used = parser.put(rest, ec);
    if (ec || used == 0) break;
    rest += used;
  }
  if (ec == http::error::need_more) ec = {};
  if (!ec && !parser.is_done() && parser.got_some()) parser.put_eof(ec);
  return !ec && parser.is_done() && parser.get().target().size() <= o.max_url_bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World world;
  http::request_parser<http::string_body> parser;
  if (!parse(data, size, parser, world.options)) return 0;
  const auto answer = world.handler.handle(api_request_of(parser.get(), WallClock::now()));
  world.handler.answered(answer.shown);
  world.metrics.observe(answer.endpoint, answer.status, answer.delay);
  if (answer.endpoint == Endpoint::metrics)
    require(!pollbench::testing::exposition_error(answer.body), "GET /metrics answers Prometheus's text format");
  else if (!answer.events.empty())
    for (const auto& event : answer.events)
      require(event.text.empty() || event.text.starts_with("id: "), "a stream sends server-sent events");
  else
    require(nlohmann::json::accept(answer.body), "every other answer is JSON");
  return 0;
}
