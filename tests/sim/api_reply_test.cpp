#include <catch2/catch.hpp>

#include "sim/api_reply.hpp"

using namespace pollbench;
using nlohmann::json;

TEST_CASE("api reply - a status record reads back as it was written") {
  sim::StatusRecord done{"img-000001", "img", sim::Reply::success, R"({"prompt":"x"})", {"https://f/1.png"}, "",
                         "",           {}};
  sim::StatusRecord failed{"img-000002", "img", sim::Reply::failed, "{}", {}, "E42", "network boom", 16.3};
  sim::StatusRecord pending{"img-000003", "img", sim::Reply::generating, "{}", {}, "", "", 0.5};
  for (const auto& r : {done, failed, pending}) {
    const auto read = sim::read_status_records(sim::status_body(r));
    REQUIRE(read);
    REQUIRE(read->size() == 1);
    CHECK(read->front() == r);
  }
  const std::vector<sim::StatusRecord> records = {done, failed, pending};
  const auto batch = sim::read_status_records(sim::batch_body(records));
  REQUIRE(batch);
  CHECK(*batch == records);
}

TEST_CASE("api reply - the written shape is the document's") {
  sim::StatusRecord r{"t", "m", sim::Reply::success, "{}", {"u"}, "", "", {}};
  CHECK(sim::status_body(r) ==
        R"({"code":200,"msg":"success","data":{"taskId":"t","model":"m","state":"success","param":"{}",)"
        R"("resultJson":"{\"resultUrls\":[\"u\"]}","failCode":"","failMsg":""}})");
  CHECK(sim::created_body("t") == R"({"code":200,"msg":"success","data":{"taskId":"t"}})");
  CHECK(sim::error_body(404, "no") == R"({"code":404,"msg":"no"})");
}

TEST_CASE("api reply - any input bytes make valid JSON") {
  const std::string bad = "model \xff\xfe name";
  const auto body = sim::error_body(404, bad);
  const auto parsed = json::parse(body, nullptr, false);
  REQUIRE(!parsed.is_discarded());
  CHECK(parsed["msg"] == "model \xEF\xBF\xBD\xEF\xBF\xBD name");
  sim::StatusRecord r{bad, bad, sim::Reply::waiting, bad, {}, "", "", {}};
  CHECK(!json::parse(sim::status_body(r), nullptr, false).is_discarded());
}

TEST_CASE("api reply - written field by field, the same bytes as nlohmann's dump") {
  const std::vector<std::string> texts = {"plain",
                                          "",
                                          "quote \" and \\",
                                          "tab\tnew\nline\x01\x1f\x7f",
                                          "caf\xc3\xa9 \xe2\x82\xac",
                                          "bad \xff\xc3 end \xe2\x82",
                                          "{\"a\":[1]}"};
  for (const auto& t : texts) {
    INFO(t);
    sim::StatusRecord r{t, t, sim::Reply::failed, t, {}, t, t, 0.1 + 1e-9};
    const nlohmann::ordered_json data = {
        {"taskId", t},      {"model", t},    {"state", "failed"}, {"param", t},
        {"resultJson", ""}, {"failCode", t}, {"failMsg", t},      {"pollAfterMs", 0.1 + 1e-9}};
    CHECK(sim::status_body(r) == sim::json_text({{"code", 200}, {"msg", "success"}, {"data", data}}));
    CHECK(sim::error_body(400, t) == sim::json_text({{"code", 400}, {"msg", t}}));
  }
}

TEST_CASE("api reply - the reader is lenient where the document's client is, and strict on the rest") {
  const auto one = [](const std::string& data) {
    return sim::read_status_records(R"({"code":200,"data":)" + data + "}");
  };
  const auto odd = one(R"({"taskId":"a","state":"queued","failCode":7,"pollAfterMs":-1})");
  REQUIRE(odd);
  CHECK(odd->front().state == sim::Reply::waiting);
  CHECK(odd->front().fail_code == "7");
  CHECK(!odd->front().poll_after_ms);
  CHECK(!one(R"({"state":"success"})"));
  CHECK(!one(R"({"taskId":5})"));
  CHECK(!one("[]"));
  CHECK(!sim::read_status_records("{\"code\":200,\"data\":{\"taskId\":\"a\""));  // cut in half
  CHECK(!sim::read_status_records("not json"));
  CHECK(sim::read_created_task_id(sim::created_body("img-000007")) == "img-000007");
  CHECK(!sim::read_created_task_id(R"({"code":200,"data":{"taskId":3}})"));
  CHECK(!sim::read_created_task_id(sim::error_body(401, "no key")));
}

TEST_CASE("api reply: progress and queue position round-trip, and out-of-range values read as none") {
  sim::StatusRecord r{"t-1", "m", sim::Reply::generating, "{}", {}, {}, {}, {}, 0.42, std::nullopt};
  auto read = sim::read_status_records(sim::status_body(r));
  REQUIRE(read);
  CHECK(read->front() == r);
  r.progress = 0.0;
  r.queue_position = 7;
  CHECK(sim::read_status_records(sim::status_body(r))->front() == r);
  for (const auto* data : {R"({"taskId":"t","progress":1.5,"queuePosition":-1})",
                           R"({"taskId":"t","progress":"half","queuePosition":2.5})",
                           R"({"taskId":"t","progress":-0.1,"queuePosition":10000000000})"}) {
    INFO(data);
    const auto odd = sim::read_status_records(std::string(R"({"code":200,"data":)") + data + "}");
    REQUIRE(odd);
    CHECK_FALSE(odd->front().progress);
    CHECK_FALSE(odd->front().queue_position);
  }
}
