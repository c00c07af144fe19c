#include "bench/live/http_client.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>

#include "bench/live/http_reading.hpp"
#include "sim/input_error.hpp"
#include "sim/net_aliases.hpp"

namespace pollbench::bench::live {

namespace {

using namespace net_aliases;
using Stream = beast::basic_stream<tcp, Executor>;

// Status answers are a few kilobytes, a batch of them some tens: more is not an answer.
constexpr std::uint64_t max_body_bytes = 1 << 20;

tcp::endpoint resolve(net::io_context& io, const std::string& host, int port) {
  boost::system::error_code ec;
  const auto found = tcp::resolver(io).resolve(host, std::to_string(port), ec);
  if (ec || found.empty()) throw InputError("--target", fmt::format("cannot resolve {}: {}", host, ec.message()));
  // "localhost" may name ::1 first while the server listens on 127.0.0.1 only, as
  // `pollbench serve` does by default: IPv4 first when there is one.
  for (const auto& entry : found)
    if (entry.endpoint().address().is_v4()) return entry.endpoint();
  return found.begin()->endpoint();
}

}  // namespace

std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
  const auto it = headers.find(beast::string_view(name.data(), name.size()));
  if (it == headers.end()) return std::nullopt;
  return std::string_view(it->value().data(), it->value().size());
}

struct HttpClient::Exchange {
  std::uint64_t sequence = 0;  // the order of asking, kept while it waits for a connection
  http::request<http::string_body> request;
  Done done;
  Clock::time_point deadline;
  Clock::time_point sent{};
  bool retried = false;  // once, on a fresh connection, when a kept-alive one turned out closed
};

struct HttpClient::Connection {
  explicit Connection(net::io_context& io) : stream(io.get_executor()) {}

  HttpClient* client = nullptr;  // none once closed, or the client is gone: queued handlers do nothing
  Stream stream;                 // its timer is the request's deadline
  beast::flat_buffer buffer;
  std::optional<http::request_serializer<http::string_body>> serializer;
  std::optional<http::response_parser<http::string_body>> parser;
  Owned exchange;  // the request it carries; none while idle
  std::list<Shared>::iterator place;
  bool reused = false;      // it answered a request before this one
  std::uint64_t spell = 0;  // which idle spell a wake-up belongs to
};

HttpClient::Waiting::Waiting(Owned e, net::io_context& io) : exchange(std::move(e)), expiry(io.get_executor()) {}

template <void (HttpClient::*Step)(const HttpClient::Shared&, boost::system::error_code)>
auto HttpClient::then(const Shared& c) {
  return [c](error_code ec, auto&&...) {
    if (c->client) (c->client->*Step)(c, ec);
  };
}

HttpClient::HttpClient(net::io_context& io, const std::string& host, int port, std::size_t max_connections)
    : io_(io),
      endpoint_(resolve(io, host, port)),
      host_header_(host.find(':') == std::string::npos ? fmt::format("{}:{}", host, port)
                                                       : fmt::format("[{}]:{}", host, port)),
      max_connections_(std::max<std::size_t>(1, max_connections)) {}

HttpClient::~HttpClient() {
  for (const auto& c : connections_) {
    c->client = nullptr;
    c->stream.close();
  }
}

void HttpClient::send(HttpRequest request, Clock::duration timeout, Done done) {
  auto ex = std::make_unique<Exchange>();
  ex->sequence = next_sequence_++;
  ex->request.version(11);
  ex->request.method_string(request.method);
  ex->request.target(request.target);
  ex->request.set(http::field::host, host_header_);
  for (const auto& [name, value] : request.headers) ex->request.insert(name, value);
  ex->request.body() = std::move(request.body);
  ex->request.prepare_payload();
  ex->done = std::move(done);
  ex->deadline = Clock::now() + timeout;
  dispatch(std::move(ex));
}

// The most recently used idle connection, else a new one within the limit, else a wait.
void HttpClient::dispatch(Owned exchange) {
  if (!idle_.empty()) {
    const auto c = std::move(idle_.back());
    idle_.pop_back();
    c->exchange = std::move(exchange);
    return start(c);
  }
  if (connections_.size() < max_connections_) return open(std::move(exchange));
  wait_for_connection(std::move(exchange));
}

void HttpClient::open(Owned exchange) {
  const auto c = std::make_shared<Connection>(io_);
  c->client = this;
  c->exchange = std::move(exchange);
  c->place = connections_.insert(connections_.end(), c);
  c->stream.expires_at(c->exchange->deadline);
  c->stream.async_connect(endpoint_, then<&HttpClient::on_connected>(c));
}

void HttpClient::wait_for_connection(Owned exchange) {
  const auto key = exchange->sequence;
  const auto deadline = exchange->deadline;
  auto& expiry = waiting_.try_emplace(key, std::move(exchange), io_).first->second.expiry;
  expiry.expires_at(deadline);
  // Cancelled (it got a connection, or the client is gone) the wait ends with an error.
  expiry.async_wait([this, key](error_code ec) {
    const auto it = ec ? waiting_.end() : waiting_.find(key);
    if (it == waiting_.end()) return;
    auto expired = std::move(it->second.exchange);
    waiting_.erase(it);
    ++expired_unsent_;
    finish(std::move(expired), HttpFailure::timeout);
  });
}

void HttpClient::on_connected(const Shared& c, error_code ec) {
  if (out_of_descriptors(ec) && connections_.size() > 1) {
    // No more connections than the others, and wait for one of them.
    max_connections_ = connections_.size() - 1;
    auto exchange = std::move(c->exchange);
    close(*c);
    return wait_for_connection(std::move(exchange));
  }
  if (ec) return fail(c, failure_of(ec), false);
  ++opened_;
  error_code ignored;
  c->stream.socket().set_option(tcp::no_delay(true), ignored);  // a request goes out whole, at once
  c->stream.socket().non_blocking(true, ignored);               // start() writes what the kernel takes
  start(c);
}

// A request is a few hundred bytes: the kernel nearly always takes it whole at once, and
// then `sent` is that moment, not a turn of the io_context later (which is what a
// completion handler would stamp, and the scheduling error would then include). What the
// kernel does not take yet, Beast writes asynchronously.
void HttpClient::start(const Shared& c) {
  c->stream.expires_at(c->exchange->deadline);
  auto& serializer = c->serializer.emplace(c->exchange->request);
  error_code ec;
  http::write(c->stream.socket(), serializer, ec);
  if (ec == net::error::would_block) return http::async_write(c->stream, serializer, then<&HttpClient::on_written>(c));
  if (!ec) return on_written(c, ec);
  // A failure is heard from the io_context, never inside send().
  net::post(io_, [c, ec] {
    if (c->client) c->client->on_written(c, ec);
  });
}

void HttpClient::on_written(const Shared& c, error_code ec) {
  c->serializer.reset();
  if (ec) return fail(c, failure_of(ec), c->reused && ec != beast::error::timeout);
  c->exchange->sent = Clock::now();
  c->parser.emplace();
  c->parser->body_limit(max_body_bytes);
  http::async_read(c->stream, c->buffer, *c->parser, then<&HttpClient::on_read>(c));
}

// A kept-alive connection that closed before a byte of its answer came was stale. A
// reset with no byte back is the same race when the request reached the server after it
// had decided to close (a close with unread data sends a reset); it may also be a server
// that failed on the request, so only a GET, which asks nothing twice, goes again.
void HttpClient::on_read(const Shared& c, error_code ec) {
  const bool reset_unanswered =
      ec == net::error::connection_reset && !c->parser->got_some() && c->exchange->request.method() == http::verb::get;
  if (ec) return fail(c, failure_of(ec), c->reused && (ec == http::error::end_of_stream || reset_unanswered));
  const bool keep = c->parser->keep_alive() && !c->parser->need_eof() && c->buffer.size() == 0;
  auto response = response_of(c->parser->release());
  c->parser.reset();
  auto exchange = std::move(c->exchange);
  if (keep)
    go_idle(c);
  else
    close(*c);
  finish(std::move(exchange), std::move(response));
  next_waiting();
}

// An idle connection waits for its next request, and meanwhile hears at once if the
// server closes it (or sends what nobody asked for). The watch is not cancelled when the
// connection is taken: it ends when the answer arrives, just before the read queued
// behind it, and is ignored. That saves a turn of the io_context per request, and the
// read does not first try a receive that cannot succeed yet.
void HttpClient::go_idle(const Shared& c) {
  c->reused = true;
  c->stream.expires_never();
  idle_.push_back(c);
  c->stream.socket().async_wait(Stream::socket_type::wait_read, [c, spell = ++c->spell](error_code ec) {
    if (c->client) c->client->on_idle_wake(c, spell, ec);
  });
}

void HttpClient::on_idle_wake(const Shared& c, std::uint64_t spell, error_code ec) {
  if (ec == net::error::operation_aborted || c->exchange || spell != c->spell) return;
  std::erase(idle_, c);
  close(*c);
  next_waiting();
}

// A kept-alive connection the server had already closed gets the request once more on a
// fresh one; every other failure is the request's.
void HttpClient::fail(const Shared& c, HttpFailure failure, bool stale_reuse) {
  auto exchange = std::move(c->exchange);
  close(*c);
  if (stale_reuse && !exchange->retried) {
    exchange->retried = true;
    return dispatch(std::move(exchange));
  }
  finish(std::move(exchange), failure);
  next_waiting();
}

void HttpClient::close(Connection& c) {
  c.client = nullptr;
  c.stream.close();
  connections_.erase(c.place);
}

void HttpClient::finish(Owned exchange, std::variant<HttpResponse, HttpFailure> result) {
  const auto now = Clock::now();
  const auto sent = exchange->sent == Clock::time_point{} ? now : exchange->sent;
  exchange->done(HttpExchange{std::move(result), sent, now});
}

void HttpClient::next_waiting() {
  while (!waiting_.empty() && (!idle_.empty() || connections_.size() < max_connections_)) {
    auto exchange = std::move(waiting_.begin()->second.exchange);
    waiting_.erase(waiting_.begin());  // its deadline's wait ends with it
    dispatch(std::move(exchange));
  }
}

}  // namespace pollbench::bench::live
