#pragma once
// One client connection on the event loop: reads each request within its deadlines and
// limits, hands it to the request handler, plays the answer out (waits its delay on a
// timer, then answers or resets the connection), and keeps the connection alive.
// A connection lives on one event loop run by one thread: its handlers need no strand,
// and its executor's concrete type spares the type-erased executor's allocations.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <memory>
#include <optional>

#include "sim/server/api_exchange.hpp"
#include "sim/server/beast_exchange.hpp"
#include "sim/server/connections.hpp"
#include "sim/server/serve_options.hpp"
#include "sim/server/server_metrics.hpp"

namespace pollbench::sim::server {

// What every connection of one server shares; it outlives them all.
struct FrontEnd {
  ApiHandler& handler;
  const ServeOptions& options;
  Connections& connections;
  ServerMetrics* metrics = nullptr;  // none for the live driver's webhook receiver
};

using LoopExecutor = boost::asio::io_context::executor_type;
using LoopSocket = boost::asio::ip::tcp::socket::rebind_executor<LoopExecutor>::other;

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(LoopSocket&& socket, FrontEnd& front);
  ~HttpSession();
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  void start();
  // Ends the connection at once, whatever it is doing; safe from any thread.
  void close();

 private:
  using error_code = boost::beast::error_code;

  void await_request();
  void read_head();
  void on_head(error_code ec);
  void on_continue_sent(error_code ec);
  void read_body();
  void on_body(error_code ec);
  void on_request();
  void play();
  void on_written(error_code ec);
  void stream_head();
  void watch_peer();
  void stream_event();
  // Answers a request that cannot be read to its end, then closes without a reset.
  void refuse(int status, std::string_view message);
  void refuse_for(error_code ec);
  // Counts the request in the front end's metrics, if it keeps any.
  void count(int status);
  void drain();
  void drain_more();
  void end();

  FrontEnd& front_;
  boost::beast::basic_stream<boost::asio::ip::tcp, LoopExecutor> stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  BeastResponse response_;
  Shown shown_;                        // the answer's terminal states, journalled once it is out
  std::vector<StreamedEvent> events_;  // of a streamed answer, played in order
  std::size_t next_event_ = 0;
  Playback playback_ = Playback::answer;
  bool refused_ = false;                // the answer refuses a request that was not read to its end
  Endpoint endpoint_ = Endpoint::none;  // of the request being answered, with when it was read
  WallClock::time_point read_at_;
  std::size_t drained_ = 0;
  boost::asio::steady_timer::rebind_executor<LoopExecutor>::other delay_;
  std::optional<Connections::Slot> slot_;  // none once the server is stopping
};

}  // namespace pollbench::sim::server
