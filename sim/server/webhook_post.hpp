#pragma once
// One try of one webhook delivery: a signed POST (hmac.hpp) with Beast's client on the
// server's event loop, within a connect and an exchange deadline.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "sim/server/task_ledger.hpp"

namespace pollbench::sim::server {

struct Delivery {
  const ServedTask* task = nullptr;
  // Checked when the task was created.
  std::string host;
  int port = 80;
  std::string path;
  std::string body;
  std::string secret;  // the key's webhook secret
  std::uint32_t attempt = 0;
};

class WebhookPost : public std::enable_shared_from_this<WebhookPost> {
 public:
  using Done = std::function<void(bool delivered)>;  // delivered: a 2xx answer came back

  WebhookPost(boost::asio::io_context& io, const Delivery& delivery, Done done);
  void run();

 private:
  using error_code = boost::beast::error_code;
  void on_resolved(error_code ec, const boost::asio::ip::tcp::resolver::results_type& endpoints);
  void on_connected(error_code ec);
  void on_written(error_code ec);
  void on_read(error_code ec);
  void finish(bool delivered);

  boost::asio::ip::tcp::resolver resolver_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  boost::beast::http::request<boost::beast::http::string_body> request_;
  boost::beast::http::response_parser<boost::beast::http::string_body> response_;
  std::string host_;
  int port_;
  Done done_;
};

}  // namespace pollbench::sim::server
