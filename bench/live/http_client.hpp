#pragma once
// The live driver's HTTP/1.1 client: Beast on the run's one io_context, thousands of
// requests in flight on one thread, a keep-alive pool of connections to the target, and
// a deadline per request. No TLS, no redirects.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/beast/http/fields.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace pollbench::bench::live {

using Clock = std::chrono::steady_clock;
// Everything of a live run is on one io_context's thread: its own executor type spares
// every handler the type-erased any_io_executor.
using Executor = boost::asio::io_context::executor_type;
using Timer = boost::asio::basic_waitable_timer<Clock, boost::asio::wait_traits<Clock>, Executor>;
using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // GET or POST
  std::string target;  // path and query, already encoded
  Headers headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  boost::beast::http::fields headers;  // as Beast's parser read them
  std::string body;

  // The first header of that name, in any case.
  std::optional<std::string_view> header(std::string_view name) const;
};

// What a request can fail with instead of a response, in the terms a client library uses.
enum class HttpFailure : std::uint8_t {
  refused,    // nothing listens: ECONNREFUSED
  reset,      // the connection broke before the whole response came
  timeout,    // the request's deadline passed
  malformed,  // the bytes that came back are not HTTP, or too many of them
};

struct HttpExchange {
  std::variant<HttpResponse, HttpFailure> result;
  Clock::time_point sent;      // when the request's last byte left (or the failure, if it never did)
  Clock::time_point finished;  // when the response's last byte came, or the failure
};

class HttpClient {
 public:
  using Done = std::function<void(HttpExchange)>;

  // Resolves `host` once; throws InputError when it cannot.
  HttpClient(boost::asio::io_context& io, const std::string& host, int port, std::size_t max_connections = 2048);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `done` runs on the io_context exactly once, never inside send(), unless the client is
  // destroyed first. The deadline covers waiting for a connection, connecting, sending
  // and receiving.
  void send(HttpRequest request, Clock::duration timeout, Done done);

  std::uint64_t connections_opened() const { return opened_; }
  // Where requests go, and the Host they name: for a connection of another kind to the same target.
  const boost::asio::ip::tcp::endpoint& endpoint() const { return endpoint_; }
  const std::string& host_header() const { return host_header_; }
  // Requests whose deadline passed while they waited for a connection: they never left.
  std::uint64_t expired_unsent() const { return expired_unsent_; }

 private:
  struct Exchange;
  struct Connection;
  using Owned = std::unique_ptr<Exchange>;
  using Shared = std::shared_ptr<Connection>;
  struct Waiting {
    Waiting(Owned e, boost::asio::io_context& io);
    Owned exchange;
    Timer expiry;  // the request's deadline
  };
  using error_code = boost::system::error_code;

  // A completion handler that runs `Step` on the connection unless the client is gone.
  template <void (HttpClient::*Step)(const Shared&, error_code)>
  static auto then(const Shared& c);

  void dispatch(Owned exchange);
  void open(Owned exchange);
  void wait_for_connection(Owned exchange);
  void start(const Shared& c);
  void on_connected(const Shared& c, error_code ec);
  void on_written(const Shared& c, error_code ec);
  void on_read(const Shared& c, error_code ec);
  void go_idle(const Shared& c);
  void on_idle_wake(const Shared& c, std::uint64_t spell, error_code ec);
  void fail(const Shared& c, HttpFailure failure, bool stale_reuse);
  void close(Connection& c);
  void finish(Owned exchange, std::variant<HttpResponse, HttpFailure> result);
  void next_waiting();

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::endpoint endpoint_;
  std::string host_header_;
  std::size_t max_connections_;
  std::list<Shared> connections_;             // every open one; each knows its place
  std::vector<Shared> idle_;                  // kept alive, free; the most recently used last
  std::map<std::uint64_t, Waiting> waiting_;  // for a connection, by the order of asking
  std::uint64_t next_sequence_ = 1;
  std::uint64_t opened_ = 0;
  std::uint64_t expired_unsent_ = 0;
};

}  // namespace pollbench::bench::live
