#include "sim/server/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>

#include "sim/server/answers.hpp"
#include "sim/net_aliases.hpp"

namespace pollbench::sim::server {

namespace {

using namespace net_aliases;

constexpr std::string_view continue_100 = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::size_t idle_read_bytes = 512;
// A connection that read a large request gives the memory back before it waits again.
constexpr std::size_t idle_buffer_bytes = 2048;
constexpr std::size_t drain_read_bytes = 4096;
// After refusing a request mid-body, the rest the client still sends is read and thrown
// away for a while, so that closing does not reset the connection before the client has
// read the refusal.
constexpr std::size_t max_drained_bytes = 1 << 20;
constexpr std::chrono::seconds drain_time{1};

}  // namespace

HttpSession::HttpSession(LoopSocket&& socket, FrontEnd& front)
    : front_(front), stream_(std::move(socket)), delay_(stream_.get_executor()) {}

HttpSession::~HttpSession() {
  if (slot_) front_.connections.remove(*slot_);
}

void HttpSession::start() {
  slot_ = front_.connections.add(weak_from_this());
  if (!slot_) return;  // the server is stopping: the socket closes with this session
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_head(); });
}

void HttpSession::close() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->delay_.cancel();
    self->stream_.close();
  });
}

// Between requests: waits for the next one's first bytes within the idle deadline.
void HttpSession::await_request() {
  if (buffer_.size() > 0) return read_head();  // pipelined
  if (buffer_.capacity() > idle_buffer_bytes) buffer_.shrink_to_fit();
  stream_.expires_after(front_.options.idle_timeout);
  stream_.async_read_some(buffer_.prepare(idle_read_bytes), [self = shared_from_this()](error_code ec, std::size_t n) {
    if (ec) return self->end();
    self->buffer_.commit(n);
    self->read_head();
  });
}

void HttpSession::read_head() {
  const auto& o = front_.options;
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(o.max_head_bytes, UINT32_MAX)));
  parser_->body_limit(o.max_body_bytes);
  stream_.expires_after(o.head_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](error_code ec, std::size_t) { self->on_head(ec); });
}

void HttpSession::on_head(error_code ec) {
  if (ec) return refuse_for(ec);
  const auto& request = parser_->get();
  if (request.target().size() > front_.options.max_url_bytes)
    return refuse(414, fmt::format("URL over {} bytes", front_.options.max_url_bytes));
  if (parser_->is_done()) return on_request();
  if (!beast::iequals(request[http::field::expect], "100-continue")) return read_body();
  net::async_write(stream_, net::buffer(continue_100.data(), continue_100.size()),
                   [self = shared_from_this()](error_code e, std::size_t) { self->on_continue_sent(e); });
}

void HttpSession::on_continue_sent(error_code ec) {
  if (ec) return end();
  read_body();
}

void HttpSession::read_body() {
  stream_.expires_after(front_.options.body_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](error_code ec, std::size_t) { self->on_body(ec); });
}

void HttpSession::on_body(error_code ec) {
  if (ec) return refuse_for(ec);
  on_request();
}

void HttpSession::on_request() {
  const auto& request = parser_->get();
  read_at_ = WallClock::now();
  auto answer = front_.handler.handle(api_request_of(request, read_at_));
  endpoint_ = answer.endpoint;
  shown_ = std::move(answer.shown);
  playback_ = answer.playback;
  events_ = std::move(answer.events);
  next_event_ = 0;
  const auto delay = answer.delay;
  response_ = beast_response_of(std::move(answer), request.version(), request.keep_alive());
  parser_.reset();
  if (delay <= WallClock::duration::zero()) return play();
  delay_.expires_after(delay);
  delay_.async_wait([self = shared_from_this()](error_code ec) {
    if (!ec) self->play();
  });
}

void HttpSession::play() {
  if (playback_ == Playback::reset) {
    error_code ignored;
    stream_.socket().set_option(net::socket_base::linger(true, 0), ignored);  // close sends RST
    count(ServerMetrics::reset_status);
    return stream_.close();
  }
  // Journalled and counted as it goes out, so that a client reading /admin/stats or
  // /metrics after its answer sees it.
  front_.handler.answered(shown_);
  shown_.clear();
  count(static_cast<int>(response_.result_int()));
  if (!events_.empty()) return stream_head();
  stream_.expires_after(front_.options.body_timeout);
  http::async_write(stream_, response_,
                    [self = shared_from_this()](error_code ec, std::size_t) { self->on_written(ec); });
}

// An event stream's head: no length, the body ends when the connection does.
void HttpSession::stream_head() {
  static constexpr std::string_view head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
  stream_.expires_after(front_.options.body_timeout);
  net::async_write(stream_, net::buffer(head.data(), head.size()),
                   [self = shared_from_this()](error_code ec, std::size_t) {
                     if (ec) return self->end();
                     self->stream_.expires_never();  // before the watch: a read started now has no deadline
                     self->watch_peer();
                     self->stream_event();
                   });
}

// While the stream plays, a read that only ends when the client leaves (or sends what a
// stream's client must not): then the stream ends at once, not at its next event.
void HttpSession::watch_peer() {
  buffer_.clear();
  stream_.async_read_some(buffer_.prepare(idle_read_bytes), [self = shared_from_this()](error_code, std::size_t) {
    self->delay_.cancel();
    self->end();
  });
}

// The next event when it is due, on the timer: a held stream costs a timer, not a thread.
void HttpSession::stream_event() {
  if (next_event_ >= events_.size()) return end();
  const auto& event = events_[next_event_];
  if (event.due > WallClock::now()) {
    stream_.expires_never();
    delay_.expires_at(event.due);
    delay_.async_wait([self = shared_from_this()](error_code ec) {
      if (!ec) self->stream_event();
    });
    return;
  }
  if (event.text.empty()) return end();
  front_.handler.answered(event.shown);
  stream_.expires_after(front_.options.body_timeout);
  net::async_write(stream_, net::buffer(event.text), [self = shared_from_this()](error_code ec, std::size_t) {
    if (ec) return self->end();
    ++self->next_event_;
    self->stream_event();
  });
}

void HttpSession::on_written(error_code ec) {
  if (ec) return end();
  if (refused_) return drain();
  if (!response_.keep_alive()) return end();
  response_ = {};
  await_request();
}

void HttpSession::refuse(int status, std::string_view message) {
  refused_ = true;
  read_at_ = WallClock::now();
  // The route, once the request line is read (Beast sets the target only then): a body
  // or URL too large counts under it, a request line that could not be read under none.
  const auto& head = parser_->get();
  const auto method = head.method_string();
  const auto target = head.target();
  endpoint_ = route_of({method.data(), method.size()}, {target.data(), target.size()}).endpoint;
  parser_.reset();
  response_ = beast_response_of(error_answer(status, message), 11, false);
  count(status);
  stream_.expires_after(front_.options.body_timeout);
  http::async_write(stream_, response_,
                    [self = shared_from_this()](error_code ec, std::size_t) { self->on_written(ec); });
}

// A request that could not be read: too large answers 413, 414 or 431, malformed 400;
// a deadline passed or a client gone ends the connection without a word.
void HttpSession::refuse_for(error_code ec) {
  const auto& o = front_.options;
  if (ec == http::error::header_limit) return refuse(431, fmt::format("request head over {} bytes", o.max_head_bytes));
  if (ec == http::error::body_limit)
    return refuse(413, fmt::format("request body too large: over {} bytes", o.max_body_bytes));
  const bool parse_error = &ec.category() == &make_error_code(http::error::header_limit).category();
  if (!parse_error || ec == http::error::end_of_stream) return end();
  refuse(400, fmt::format("malformed HTTP request: {}", ec.message()));
}

void HttpSession::count(int status) {
  if (front_.metrics) front_.metrics->observe(endpoint_, status, WallClock::now() - read_at_);
}

void HttpSession::drain() {
  error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  buffer_.clear();
  stream_.expires_after(drain_time);
  drain_more();
}

void HttpSession::drain_more() {
  stream_.async_read_some(buffer_.prepare(drain_read_bytes), [self = shared_from_this()](error_code ec, std::size_t n) {
    self->drained_ += n;
    if (ec || self->drained_ > max_drained_bytes) return self->end();
    self->drain_more();
  });
}

void HttpSession::end() {
  error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

}  // namespace pollbench::sim::server
