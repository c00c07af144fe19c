#include "bench/live/webhook_receiver.hpp"

#include <httplib.h>

#include <fmt/format.h>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_set>

#include "sim/server/hmac.hpp"

namespace pollbench::bench::live {

namespace {

// A signature older than this is a replay, whatever its HMAC says.
constexpr std::chrono::minutes signature_lifetime{5};

bool fresh(const std::string& timestamp_ms) {
  try {
    const std::chrono::milliseconds signed_at{std::stoll(timestamp_ms)};
    const auto now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
    return std::chrono::abs(now - signed_at) <= signature_lifetime;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

struct WebhookReceiver::Impl {
  EventLoop& loop;
  std::string secret;
  std::function<void(Callback)> deliver;
  httplib::Server http;
  std::thread listener;
  int port = 0;

  mutable std::mutex mutex;
  std::unordered_set<std::string> seen;
  Counts counts;

  Impl(EventLoop& l, std::string s, std::function<void(Callback)> d)
      : loop(l), secret(std::move(s)), deliver(std::move(d)) {}

  void receive(const httplib::Request& req, httplib::Response& res) {
    const auto arrived = Clock::now();
    const auto timestamp = req.get_header_value("X-Pollbench-Timestamp");
    const auto signature = req.get_header_value("X-Pollbench-Signature");
    const auto body = nlohmann::json::parse(req.body, nullptr, false);
    const bool valid = fresh(timestamp) && signature == sim::server::webhook_signature(secret, timestamp, req.body) &&
                       body.is_object() && body.contains("data") && body["data"].is_object() &&
                       body["data"].value("taskId", "") != "";
    std::lock_guard lock(mutex);
    if (!valid) {
      ++counts.rejected;
      res.status = 401;
      res.set_content(R"({"code":401,"msg":"bad signature or payload"})", "application/json");
      return;
    }
    const std::string id = body["data"]["taskId"];
    res.set_content(R"({"code":200,"msg":"success"})", "application/json");
    if (!seen.insert(id).second) {
      ++counts.duplicates;
      return;
    }
    ++counts.accepted;
    loop.post([this, c = Callback{id, body["data"].value("state", ""), arrived}]() mutable { deliver(std::move(c)); });
  }
};

WebhookReceiver::WebhookReceiver(EventLoop& loop, std::string secret, std::function<void(Callback)> deliver)
    : impl_(std::make_unique<Impl>(loop, std::move(secret), std::move(deliver))) {
  auto& i = *impl_;
  i.http.Post("/callback", [&i](const httplib::Request& req, httplib::Response& res) { i.receive(req, res); });
  i.port = i.http.bind_to_any_port("127.0.0.1");
  if (i.port < 0) throw std::runtime_error("webhook receiver: cannot listen on 127.0.0.1");
  i.listener = std::thread([&i] { i.http.listen_after_bind(); });
  // cpp-httplib's stop() does nothing before the listen loop has begun.
  while (!i.http.is_running()) std::this_thread::yield();
}

WebhookReceiver::~WebhookReceiver() {
  impl_->http.stop();
  if (impl_->listener.joinable()) impl_->listener.join();
}

std::string WebhookReceiver::url() const { return fmt::format("http://127.0.0.1:{}/callback", impl_->port); }

WebhookReceiver::Counts WebhookReceiver::counts() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->counts;
}

}  // namespace pollbench::bench::live
