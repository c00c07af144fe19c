#pragma once
// Accepts connections on the event loop and starts a session for each, pausing while
// --max-connections are open. Out of descriptors, it waits a little and tries again
// rather than failing.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>

#include "sim/server/http_session.hpp"

namespace pollbench::sim::server {

class HttpListener : public std::enable_shared_from_this<HttpListener> {
 public:
  // Binds and listens; throws InputError("--host" or "--port", whichever is at fault) when it cannot.
  HttpListener(boost::asio::io_context& io, const std::string& host, int port, FrontEnd& front);

  int port() const { return port_; }
  void start();
  void close();  // safe from any thread

 private:
  bool admit();
  void accept();
  void start_session(boost::asio::ip::tcp::socket socket);
  void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  FrontEnd& front_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;
  int port_ = 0;
};

}  // namespace pollbench::sim::server
