#include "sim/server/webhook_post.hpp"

#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "sim/server/hmac.hpp"
#include "sim/net_aliases.hpp"

namespace pollbench::sim::server {

namespace {

using namespace net_aliases;

constexpr std::chrono::seconds connect_timeout{2};
constexpr std::chrono::seconds exchange_timeout{5};
constexpr std::uint64_t max_answer_bytes = 64 * 1024;  // a receiver's answer is read, not kept

}  // namespace

WebhookPost::WebhookPost(net::io_context& io, const Delivery& d, Done done)
    : resolver_(io), stream_(resolver_.get_executor()), host_(d.host), port_(d.port), done_(std::move(done)) {
  const auto timestamp = std::to_string(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  request_ = {http::verb::post, d.path, 11};
  const auto host = d.host.find(':') == std::string::npos ? d.host : "[" + d.host + "]";  // IPv6 in brackets
  request_.set(http::field::host, d.port == 80 ? host : host + ":" + std::to_string(d.port));
  request_.set(http::field::content_type, "application/json");
  request_.set("X-Pollbench-Timestamp", timestamp);
  request_.set("X-Pollbench-Signature", webhook_signature(d.secret, timestamp, d.body));
  request_.set("X-Pollbench-Task", d.task->id);
  request_.set("X-Pollbench-Attempt", std::to_string(d.attempt + 1));
  request_.body() = d.body;
  request_.keep_alive(false);
  request_.prepare_payload();
  response_.body_limit(max_answer_bytes);
}

void WebhookPost::run() {
  resolver_.async_resolve(host_, std::to_string(port_),
                          beast::bind_front_handler(&WebhookPost::on_resolved, shared_from_this()));
}

void WebhookPost::on_resolved(error_code ec, const net::ip::tcp::resolver::results_type& endpoints) {
  if (ec) return finish(false);
  stream_.expires_after(connect_timeout);
  stream_.async_connect(endpoints, [self = shared_from_this()](error_code e, const auto&) { self->on_connected(e); });
}

void WebhookPost::on_connected(error_code ec) {
  if (ec) return finish(false);
  stream_.expires_after(exchange_timeout);
  http::async_write(stream_, request_, [self = shared_from_this()](error_code e, std::size_t) { self->on_written(e); });
}

void WebhookPost::on_written(error_code ec) {
  if (ec) return finish(false);
  http::async_read(stream_, buffer_, response_,
                   [self = shared_from_this()](error_code e, std::size_t) { self->on_read(e); });
}

void WebhookPost::on_read(error_code ec) {
  const auto status = response_.get().result_int();
  finish(!ec && status >= 200 && status < 300);
}

void WebhookPost::finish(bool delivered) {
  error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();
  done_(delivered);
}

}  // namespace pollbench::sim::server
