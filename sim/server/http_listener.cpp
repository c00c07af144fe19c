#include "sim/server/http_listener.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <fmt/format.h>

#include "sim/input_error.hpp"
#include "sim/net_aliases.hpp"

namespace pollbench::sim::server {

namespace {

using namespace net_aliases;

constexpr std::chrono::milliseconds descriptor_wait{50};

// Whose fault a failed bind is: an address this machine does not have is the host's; one
// taken or forbidden, the port's.
std::string culprit_of(const boost::system::error_code& ec) {
  return ec == boost::system::errc::address_not_available ? "--host" : "--port";
}

}  // namespace

HttpListener::HttpListener(std::span<net::io_context* const> loops, const std::string& host, int port, FrontEnd& front)
    : loops_(loops.begin(), loops.end()),
      front_(front),
      acceptor_(loops.front()->get_executor()),
      retry_(acceptor_.get_executor()) {
  boost::system::error_code ec;
  const auto found = tcp::resolver(*loops.front()).resolve(host, std::to_string(port), tcp::resolver::passive, ec);
  if (ec || found.empty()) throw InputError("--host", fmt::format("cannot resolve \"{}\"", host));
  const tcp::endpoint endpoint = found.begin()->endpoint();
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  // A burst of connects beyond the accept queue loses handshakes, which clients retry
  // seconds later: let the queue hold as many as may be open (the kernel caps it at
  // net.core.somaxconn), not Asio's default of SOMAXCONN.
  const auto backlog = static_cast<int>(std::min<std::size_t>(front.options.max_connections, 65535));
  if (!ec) acceptor_.listen(backlog, ec);
  if (!ec) acceptor_.non_blocking(true, ec);
  if (ec) throw InputError(culprit_of(ec), fmt::format("cannot listen on {}:{}: {}", host, port, ec.message()));
  port_ = acceptor_.local_endpoint().port();
}

void HttpListener::start() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] { self->accept(); });
}

void HttpListener::close() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->retry_.cancel();
    self->acceptor_.close(ignored);
  });
}

// At the limit, the next accept waits for a connection to close.
bool HttpListener::admit() {
  return front_.connections.admit_or_wait([weak = weak_from_this(), executor = acceptor_.get_executor()] {
    net::post(executor, [weak] {
      if (auto self = weak.lock()) self->accept();
    });
  });
}

// Takes every connection already waiting at once (the kernel's queue and the connection
// limit bound them), so that a burst of connects is not accepted one scheduler round
// each behind every busy connection's work: at 10,000 connects that left thousands of
// first requests waiting seconds.
void HttpListener::accept() {
  if (!acceptor_.is_open()) return;
  for (;;) {
    if (!admit()) return;
    boost::system::error_code ec;
    auto socket = acceptor_.accept(next_loop().get_executor(), ec);
    if (ec == net::error::would_block || ec == net::error::try_again) break;
    if (ec) return on_accept(ec, std::move(socket));
    start_session(std::move(socket));
  }
  if (!admit()) return;
  acceptor_.async_accept(next_loop().get_executor(),
                         beast::bind_front_handler(&HttpListener::on_accept, shared_from_this()));
}

net::io_context& HttpListener::next_loop() { return *loops_[dealt_++ % loops_.size()]; }

void HttpListener::start_session(LoopSocket socket) {
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);  // small JSON answers go out at once
  std::make_shared<HttpSession>(std::move(socket), front_)->start();
}

void HttpListener::on_accept(boost::beast::error_code ec, LoopSocket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec == net::error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system ||
      ec == net::error::no_buffer_space || ec == net::error::no_memory) {
    retry_.expires_after(descriptor_wait);
    retry_.async_wait([self = shared_from_this()](boost::system::error_code e) {
      if (!e) self->accept();
    });
    return;
  }
  if (!ec) start_session(std::move(socket));
  accept();
}

}  // namespace pollbench::sim::server
