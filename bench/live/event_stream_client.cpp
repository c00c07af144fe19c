#include "bench/live/event_stream_client.hpp"

#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <charconv>

#include "bench/live/http_reading.hpp"
#include "sim/net_aliases.hpp"

namespace pollbench::bench::live {

namespace {

using namespace net_aliases;

// A stream's events are a few hundred bytes each: more unread than this is not a stream.
constexpr std::size_t max_pending_bytes = 1 << 20;
constexpr std::size_t read_bytes = 4096;

}  // namespace

struct EventStreamClient::State {
  State(net::io_context& io, Handlers h) : stream(io.get_executor()), handlers(std::move(h)) {}
  beast::basic_stream<tcp, Executor> stream;
  Handlers handlers;
  tcp::endpoint to;
  http::request<http::string_body> request;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  std::string pending;  // body bytes not yet a whole event
  Clock::time_point sent{};
  bool streaming = false, closed = false;
};

EventStreamClient::EventStreamClient(std::unique_ptr<State> state) : state_(std::move(state)) {}
EventStreamClient::~EventStreamClient() = default;

std::shared_ptr<EventStreamClient> EventStreamClient::open(net::io_context& io, const tcp::endpoint& to,
                                                           const std::string& host_header, const HttpRequest& request,
                                                           Clock::duration timeout, Handlers handlers) {
  auto state = std::make_unique<State>(io, std::move(handlers));
  state->to = to;
  state->request.version(11);
  state->request.method_string(request.method);
  state->request.target(request.target);
  state->request.set(http::field::host, host_header);
  state->request.set(http::field::accept, "text/event-stream");
  for (const auto& [name, value] : request.headers) state->request.insert(name, value);
  state->request.prepare_payload();
  state->parser.body_limit(max_pending_bytes);
  state->stream.expires_after(timeout);
  auto client = std::make_shared<EventStreamClient>(std::move(state));
  client->start();
  return client;
}

void EventStreamClient::close() {
  if (state_->closed) return;
  state_->closed = true;
  state_->stream.close();
}

void EventStreamClient::start() {
  state_->stream.async_connect(state_->to, [self = shared_from_this()](error_code ec) { self->on_connected(ec); });
}

void EventStreamClient::on_connected(error_code ec) {
  if (state_->closed) return;
  if (ec) return fail(ec);
  http::async_write(state_->stream, state_->request,
                    [self = shared_from_this()](error_code e, std::size_t) { self->on_written(e); });
}

void EventStreamClient::on_written(error_code ec) {
  if (state_->closed) return;
  if (ec) return fail(ec);
  state_->sent = Clock::now();
  http::async_read_header(state_->stream, state_->buffer, state_->parser,
                          [self = shared_from_this()](error_code e, std::size_t) { self->on_head(e); });
}

void EventStreamClient::on_head(error_code ec) {
  if (state_->closed) return;
  if (ec) return fail(ec);
  // Anything but a stream (an error, a fault's empty 200): read whole, as a status request's.
  const auto& message = state_->parser.get();
  if (message.result_int() != 200 || !message[http::field::content_type].starts_with("text/event-stream"))
    return http::async_read(state_->stream, state_->buffer, state_->parser,
                            [self = shared_from_this()](error_code e, std::size_t) { self->on_error_body(e); });
  state_->streaming = true;
  state_->stream.expires_never();
  HttpResponse head;
  head.status = 200;
  state_->handlers.opened({head, state_->sent, Clock::now()});
  // Body bytes read with the head wait in the buffer.
  const auto rest = state_->buffer.data();
  state_->pending.append(static_cast<const char*>(rest.data()), rest.size());
  state_->buffer.consume(rest.size());
  take_events();
  read_more();
}

void EventStreamClient::on_error_body(error_code ec) {
  if (state_->closed) return;
  if (ec) return fail(ec);
  state_->closed = true;
  state_->handlers.opened({response_of(state_->parser.release()), state_->sent, Clock::now()});
  state_->stream.close();
}

void EventStreamClient::read_more() {
  if (state_->closed) return;
  state_->stream.async_read_some(state_->buffer.prepare(read_bytes),
                                 [self = shared_from_this()](error_code ec, std::size_t n) { self->on_read(ec, n); });
}

void EventStreamClient::on_read(error_code ec, std::size_t n) {
  if (state_->closed) return;
  state_->buffer.commit(n);
  const auto data = state_->buffer.data();
  state_->pending.append(static_cast<const char*>(data.data()), data.size());
  state_->buffer.consume(data.size());
  take_events();
  if (state_->closed) return;
  if (ec || state_->pending.size() > max_pending_bytes) {
    state_->closed = true;
    state_->stream.close();
    return state_->handlers.ended(Clock::now());
  }
  read_more();
}

void EventStreamClient::take_events() {
  const auto at = Clock::now();
  for (auto end = state_->pending.find("\n\n"); end != std::string::npos && !state_->closed;
       end = state_->pending.find("\n\n")) {
    const std::string block = state_->pending.substr(0, end + 1);
    state_->pending.erase(0, end + 2);
    std::uint32_t id = 0;
    std::string data;
    for (std::size_t line = 0; line < block.size();) {
      const auto stop = block.find('\n', line);
      const std::string_view text(block.data() + line, stop - line);
      if (text.starts_with("id: ")) std::from_chars(text.data() + 4, text.data() + text.size(), id);
      if (text.starts_with("data: ")) data.append(text.substr(6));
      line = stop + 1;
    }
    if (!data.empty()) state_->handlers.event(id, data, at);
  }
}

void EventStreamClient::fail(error_code ec) {
  state_->closed = true;
  state_->stream.close();
  if (state_->streaming) return state_->handlers.ended(Clock::now());
  state_->handlers.opened(
      {failure_of(ec), state_->sent == Clock::time_point{} ? Clock::now() : state_->sent, Clock::now()});
}

}  // namespace pollbench::bench::live
