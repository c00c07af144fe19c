#pragma once
// A non-blocking HTTP/1.1 client on the live driver's event loop: thousands of requests
// in flight on one thread, keep-alive connections reused, a deadline per request. It
// speaks only what the API needs (Content-Length or chunked bodies, no TLS, no redirects).

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "bench/live/event_loop.hpp"

namespace pollbench::bench::live {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;  // GET or POST
  std::string target;  // path and query, already encoded
  Headers headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  Headers headers;  // names in lower case
  std::string body;

  std::optional<std::string_view> header(std::string_view lower_name) const;
};

// What a request can fail with instead of a response, in the terms a client library uses.
enum class HttpFailure : std::uint8_t {
  refused,    // nothing listens: ECONNREFUSED
  reset,      // the connection broke before the whole response came
  timeout,    // the request's deadline passed
  malformed,  // the bytes that came back are not HTTP
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
  HttpClient(EventLoop& loop, const std::string& host, int port, std::size_t max_connections = 2048);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `done` runs on the loop exactly once, unless the client is destroyed first. The
  // deadline covers waiting for a connection, connecting, sending and receiving.
  void send(HttpRequest request, Clock::duration timeout, Done done);

  std::uint64_t connections_opened() const { return opened_; }
  // Requests whose deadline passed while they waited for a connection: they never left.
  std::uint64_t expired_unsent() const { return expired_unsent_; }

 private:
  struct Pending;
  struct Connection;
  using PendingId = std::uint64_t;

  void dispatch(PendingId id);
  void open(PendingId id);
  void start(Connection& c, PendingId id);
  void on_ready(Connection& c, std::uint32_t events);
  void write_some(Connection& c);
  void read_some(Connection& c);
  void complete(Connection& c, HttpResponse response, bool keep_alive);
  void fail(Connection& c, HttpFailure failure, bool stale_reuse);
  void fail_later(PendingId id, HttpFailure failure);
  void finish(PendingId id, std::variant<HttpResponse, HttpFailure> result);
  void close(Connection& c);
  void next_waiting();

  EventLoop& loop_;
  sockaddr_storage address_{};
  socklen_t address_size_ = 0;
  std::string host_header_;
  std::size_t max_connections_;
  std::unordered_map<PendingId, std::unique_ptr<Pending>> pending_;
  PendingId next_pending_ = 1;
  std::list<std::unique_ptr<Connection>> connections_;
  std::vector<Connection*> idle_;
  std::list<PendingId> waiting_;  // for a connection, in order of asking
  std::uint64_t opened_ = 0;
  std::uint64_t expired_unsent_ = 0;
};

}  // namespace pollbench::bench::live
