#include "bench/live/webhook_receiver.hpp"

#include <charconv>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/server/answers.hpp"
#include "sim/server/hmac.hpp"
#include "sim/server/http_listener.hpp"

namespace pollbench::bench::live {

namespace {

using sim::server::ApiRequest;
using sim::server::ApiResponse;

// A signature older than this is a replay, whatever its HMAC says.
constexpr std::chrono::minutes signature_lifetime{5};
// The server sends each delivery on a connection of its own; more than this wait to be accepted.
constexpr std::size_t max_open_connections = 256;

bool fresh(std::string_view timestamp_ms) {
  long long ms = 0;
  const auto [end, ec] = std::from_chars(timestamp_ms.data(), timestamp_ms.data() + timestamp_ms.size(), ms);
  if (ec != std::errc{} || end != timestamp_ms.data() + timestamp_ms.size()) return false;
  // Bounds around now, so that no timestamp, however far off, overflows a subtraction.
  const std::chrono::milliseconds signed_at{ms};
  const auto now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  return signed_at >= now - signature_lifetime && signed_at <= now + signature_lifetime;
}

bool signed_with(const std::string& secret, const ApiRequest& request) {
  const auto timestamp = request.header("X-Pollbench-Timestamp");
  const auto signature = request.header("X-Pollbench-Signature");
  return timestamp && signature && fresh(*timestamp) &&
         *signature == sim::server::webhook_signature(secret, *timestamp, request.body);
}

// A string field of a JSON object, or empty when it is missing or not a string.
std::string text_at(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

WebhookReceiver::WebhookReceiver(boost::asio::io_context& io, std::string secret, std::function<void(Callback)> deliver)
    : secret_(std::move(secret)),
      deliver_(std::move(deliver)),
      connections_(max_open_connections),
      front_{*this, options_, connections_} {
  // Held by its own pending accept, on `io`, until the io_context is gone.
  boost::asio::io_context* const loops[] = {&io};
  const auto listener = std::make_shared<sim::server::HttpListener>(loops, "127.0.0.1", 0, front_);
  port_ = listener->port();
  listener->start();
}

std::string WebhookReceiver::url() const { return fmt::format("http://127.0.0.1:{}/callback", port_); }

// Signature first: an unsigned body is never parsed.
ApiResponse WebhookReceiver::handle(const ApiRequest& request) {
  if (request.method != "POST" || request.target != "/callback")
    return sim::server::error_answer(404, "only POST /callback");
  const auto body = signed_with(secret_, request)
                        ? nlohmann::json::parse(request.body.begin(), request.body.end(), nullptr, false)
                        : nlohmann::json();
  const auto data = body.is_object() ? body.find("data") : body.end();
  auto id = data != body.end() && data->is_object() ? text_at(*data, "taskId") : std::string();
  if (id.empty()) {
    ++counts_.rejected;
    return sim::server::error_answer(401, "bad signature or payload");
  }
  auto ok = sim::server::json_answer(200, R"({"code":200,"msg":"success"})");
  if (!seen_.insert(id).second) {
    ++counts_.duplicates;
    return ok;
  }
  ++counts_.accepted;
  deliver_(Callback{std::move(id), text_at(*data, "state"), request.now});
  return ok;
}

}  // namespace pollbench::bench::live
