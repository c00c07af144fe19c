#pragma once
// A mock server of a small scenario on a free port of 127.0.0.1 for the server's tests,
// stopped when the test's scope ends, with the keys and calls the tests share.

#include <catch2/catch.hpp>
#include <httplib.h>

#include <chrono>
#include <string>
#include <vector>

#include "sim/json_fields.hpp"
#include "sim/scenario.hpp"
#include "sim/server/mock_server.hpp"

namespace pollbench::test {

using nlohmann::json;
using namespace std::chrono_literals;

inline json model(const std::string& name, json extra = json::object()) {
  json m = {{"name", name},
            {"completion", {{"kind", "constant"}, {"value_s", 1}}},
            {"queue", {{"kind", "constant"}, {"value_s", 0.4}}},
            {"response_time", {{"kind", "constant"}, {"value_s", 0.1}}}};
  m.update(extra);
  return m;
}

// A vector, not a json: `{model(...)}` into a json parameter is the model itself under
// clang (copy from a one-element list) and an array of it under GCC.
inline json scenario_of(const std::vector<json>& models) {
  return {{"seed", 7},
          {"request_timeout_s", 1},
          {"api_keys",
           {{{"key", "key-a"}, {"webhook_secret", "secret-a"}}, {{"key", "key-b"}, {"webhook_secret", "secret-b"}}}},
          {"models", models},
          {"strategies", {{{"kind", "adaptive"}}}}};
}

// A server on a free port of 127.0.0.1, stopped when the test's scope ends.
struct Served {
  sim::server::MockServer server;
  int port;
  Served(const json& scenario, double time_scale)
      : server(sim::parse_scenario(scenario), options(time_scale)), port(server.start()) {}
  ~Served() { server.stop(); }

  static sim::server::ServeOptions options(double time_scale) {
    sim::server::ServeOptions o;
    o.time_scale = time_scale;
    return o;
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(2s);
    return c;
  }
};

inline const httplib::Headers key_a = {{"Authorization", "Bearer key-a"}};
inline const httplib::Headers key_b = {{"Authorization", "Bearer key-b"}};

inline std::string create(const Served& s, const std::string& model,
                          const json& body = {{"request_type", "async"}, {"input", {{"prompt", "x"}}}}) {
  auto c = s.client();
  const auto r = c.Post(("/generateTask/" + model).c_str(), key_a, body.dump(), "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return json::parse(r->body)["data"]["taskId"];
}

inline httplib::Result status(const Served& s, const std::string& id, const httplib::Headers& key = key_a) {
  auto c = s.client();
  return c.Get(("/recordInfo?taskId=" + id).c_str(), key);
}

}  // namespace pollbench::test
