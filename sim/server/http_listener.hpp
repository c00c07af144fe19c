#pragma once
// Accepts connections on the event loop and starts a session for each, pausing while
// --max-connections are open. Out of descriptors, it waits a little and tries again
// rather than failing. It listens on one event loop and deals the connections out to
// the loops it is given in turn, each run by one thread.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/server/http_session.hpp"

namespace pollbench::sim::server {

class HttpListener : public std::enable_shared_from_this<HttpListener> {
 public:
  // Binds and listens; throws InputError("--host" or "--port", whichever is at fault) when it cannot.
  // `loops` outlive the listener; it listens on the first.
  HttpListener(std::span<boost::asio::io_context* const> loops, const std::string& host, int port, FrontEnd& front);

  int port() const { return port_; }
  void start();
  void close();  // safe from any thread

 private:
  bool admit();
  void accept();
  boost::asio::io_context& next_loop();
  void start_session(LoopSocket socket);
  void on_accept(boost::beast::error_code ec, LoopSocket socket);

  std::vector<boost::asio::io_context*> loops_;
  std::size_t dealt_ = 0;
  FrontEnd& front_;
  boost::asio::ip::tcp::acceptor::rebind_executor<LoopExecutor>::other acceptor_;
  boost::asio::steady_timer::rebind_executor<LoopExecutor>::other retry_;
  int port_ = 0;
};

}  // namespace pollbench::sim::server
