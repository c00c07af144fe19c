#pragma once
// One task's server-sent event stream on a connection of its own (a stream is not a
// request a keep-alive pool can share): it connects, sends the request, and hands back
// the answer's head (a 200 stream, or the whole error answer, or a failure), then each
// event as its last byte arrives, then the end of the connection. Everything runs on the
// live run's io_context; after close() no handler runs.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "bench/live/http_client.hpp"

namespace pollbench::bench::live {

class EventStreamClient : public std::enable_shared_from_this<EventStreamClient> {
 public:
  struct Handlers {
    std::function<void(const HttpExchange&)> opened;  // a stream's head has status 200 and no body
    std::function<void(std::uint32_t id, const std::string& data, Clock::time_point at)> event;
    std::function<void(Clock::time_point at)> ended;  // after a 200 head: the server closed, or a reset
  };

  // `timeout` covers connecting, sending and the head; the stream itself has none (the
  // client's own limit on waiting closes it).
  static std::shared_ptr<EventStreamClient> open(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& to,
                                                 const std::string& host_header, const HttpRequest& request,
                                                 Clock::duration timeout, Handlers handlers);
  void close();

  struct State;  // the connection and its buffers
  explicit EventStreamClient(std::unique_ptr<State> state);
  ~EventStreamClient();
  EventStreamClient(const EventStreamClient&) = delete;
  EventStreamClient& operator=(const EventStreamClient&) = delete;

 private:
  using error_code = boost::system::error_code;
  void start();
  void on_connected(error_code ec);
  void on_written(error_code ec);
  void on_head(error_code ec);
  void on_error_body(error_code ec);
  void read_more();
  void on_read(error_code ec, std::size_t n);
  // Hands over every whole event in the buffer.
  void take_events();
  void fail(error_code ec);

  std::unique_ptr<State> state_;
};

}  // namespace pollbench::bench::live
