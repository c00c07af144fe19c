#include "bench/live/http_client.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fmt/format.h>

#include "sim/input_error.hpp"

namespace pollbench::bench::live {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

struct NeedMore {};
struct Malformed {};
struct Parsed {
  HttpResponse response;
  bool keep_alive = true;
};

// A chunked body's data, or nullopt while incomplete; throws Malformed.
std::optional<std::string> dechunk(std::string_view rest) {
  std::string body;
  for (;;) {
    const auto line_end = rest.find("\r\n");
    if (line_end == std::string_view::npos) return std::nullopt;
    std::size_t size = 0;
    const auto digits = rest.substr(0, rest.find_first_of(";\r"));
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size, 16);
    if (ec != std::errc{} || ptr == digits.data()) throw Malformed{};
    rest.remove_prefix(line_end + 2);
    if (size == 0) {
      // Trailers, if any, end with an empty line like the head does.
      if (rest.starts_with("\r\n")) return body;
      return rest.find("\r\n\r\n") == std::string_view::npos ? std::nullopt : std::optional{body};
    }
    if (rest.size() < 2 || rest.size() - 2 < size) return std::nullopt;
    if (rest.substr(size, 2) != "\r\n") throw Malformed{};
    body.append(rest.substr(0, size));
    rest.remove_prefix(size + 2);
  }
}

// The whole of one response from the bytes received so far; responses are a few
// kilobytes, so parsing from the start on each read costs nothing worth a state machine.
std::variant<NeedMore, Malformed, Parsed> parse(const std::string& in, bool end_of_stream) {
  const auto head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos)
    return end_of_stream && !in.empty() ? std::variant<NeedMore, Malformed, Parsed>{Malformed{}} : NeedMore{};
  std::string_view head(in.data(), head_end);
  Parsed p;
  const auto status_end = head.find("\r\n");
  const auto status_line = head.substr(0, status_end);
  if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12) return Malformed{};
  const auto code = status_line.substr(9, 3);
  if (std::from_chars(code.data(), code.data() + 3, p.response.status).ec != std::errc{}) return Malformed{};
  p.keep_alive = status_line.starts_with("HTTP/1.1");
  std::optional<std::size_t> length;
  bool chunked = false;
  for (auto rest = status_end == std::string_view::npos ? std::string_view{} : head.substr(status_end + 2);
       !rest.empty();) {
    const auto line = rest.substr(0, rest.find("\r\n"));
    rest.remove_prefix(std::min(rest.size(), line.size() + 2));
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return Malformed{};
    auto name = lower(trim(line.substr(0, colon)));
    const auto value = std::string(trim(line.substr(colon + 1)));
    if (name == "content-length") {
      std::size_t n = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc{} || end != value.data() + value.size()) return Malformed{};
      length = n;
    }
    if (name == "transfer-encoding") chunked = lower(value).find("chunked") != std::string::npos;
    if (name == "connection") p.keep_alive = lower(value) != "close" && (p.keep_alive || lower(value) == "keep-alive");
    p.response.headers.emplace_back(std::move(name), value);
  }
  const std::string_view rest(in.data() + head_end + 4, in.size() - head_end - 4);
  if (chunked) {
    try {
      const auto body = dechunk(rest);
      if (!body) return end_of_stream ? std::variant<NeedMore, Malformed, Parsed>{Malformed{}} : NeedMore{};
      p.response.body = *body;
    } catch (const Malformed& m) {
      return m;
    }
  } else if (length) {
    if (rest.size() < *length)
      return end_of_stream ? std::variant<NeedMore, Malformed, Parsed>{Malformed{}} : NeedMore{};
    p.response.body = std::string(rest.substr(0, *length));
  } else if (p.response.status == 204 || p.response.status == 304) {
    p.response.body.clear();
  } else {
    if (!end_of_stream) return NeedMore{};  // the body runs to the end of the connection
    p.response.body = std::string(rest);
    p.keep_alive = false;
  }
  return p;
}

std::string serialise(const HttpRequest& r, const std::string& host) {
  std::string out = fmt::format("{} {} HTTP/1.1\r\nHost: {}\r\n", r.method, r.target, host);
  for (const auto& [name, value] : r.headers) out += fmt::format("{}: {}\r\n", name, value);
  if (r.method != "GET" || !r.body.empty()) out += fmt::format("Content-Length: {}\r\n", r.body.size());
  out += "\r\n";
  out += r.body;
  return out;
}

}  // namespace

std::optional<std::string_view> HttpResponse::header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers)
    if (name == lower_name) return value;
  return std::nullopt;
}

struct HttpClient::Pending {
  HttpRequest request;
  Done done;
  EventLoop::TimerId deadline = 0;
  Connection* connection = nullptr;
  bool retried = false;  // once, on a fresh connection, when a kept-alive one turned out closed
  Clock::time_point sent{};
};

struct HttpClient::Connection {
  enum class Stage { connecting, sending, receiving, idle } stage = Stage::connecting;
  int fd = -1;
  EventLoop::WatchId watch = 0;
  bool reused = false;  // it answered a request before this one
  PendingId pending = 0;
  std::string out;
  std::size_t written = 0;
  std::string in;
};

HttpClient::HttpClient(EventLoop& loop, const std::string& host, int port, std::size_t max_connections)
    : loop_(loop),
      host_header_(fmt::format("{}:{}", host, port)),
      max_connections_(std::max<std::size_t>(1, max_connections)) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const auto service = std::to_string(port);
  if (const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0)
    throw InputError("--target", fmt::format("cannot resolve {}: {}", host, gai_strerror(rc)));
  // "localhost" may name ::1 first while the server listens on 127.0.0.1 only, as
  // `pollbench serve` does by default: IPv4 first when there is one.
  const addrinfo* chosen = found;
  for (const addrinfo* a = found; a; a = a->ai_next)
    if (a->ai_family == AF_INET) {
      chosen = a;
      break;
    }
  std::memcpy(&address_, chosen->ai_addr, chosen->ai_addrlen);
  address_size_ = chosen->ai_addrlen;
  freeaddrinfo(found);
  if (host.find(':') != std::string::npos) host_header_ = fmt::format("[{}]:{}", host, port);
}

HttpClient::~HttpClient() {
  for (auto& c : connections_) {
    loop_.unwatch(c->watch);
    ::close(c->fd);
  }
  for (auto& [id, p] : pending_) loop_.cancel(p->deadline);
}

void HttpClient::send(HttpRequest request, Clock::duration timeout, Done done) {
  const auto id = next_pending_++;
  auto p = std::make_unique<Pending>();
  p->request = std::move(request);
  p->done = std::move(done);
  p->deadline = loop_.at(Clock::now() + timeout, [this, id] {
    const auto it = pending_.find(id);
    if (it == pending_.end()) return;
    if (Connection* c = it->second->connection) {
      it->second->deadline = 0;
      c->pending = 0;
      close(*c);  // a late answer must not land on a reused connection
    } else {
      waiting_.remove(id);
      ++expired_unsent_;
    }
    finish(id, HttpFailure::timeout);
    next_waiting();
  });
  pending_.emplace(id, std::move(p));
  dispatch(id);
}

void HttpClient::dispatch(PendingId id) {
  if (!idle_.empty()) {
    Connection* c = idle_.back();
    idle_.pop_back();
    return start(*c, id);
  }
  if (connections_.size() < max_connections_) return open(id);
  waiting_.push_back(id);
}

void HttpClient::open(PendingId id) {
  const int fd = ::socket(address_.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0 && (errno == EMFILE || errno == ENFILE) && !connections_.empty()) {
    // Out of descriptors: no more connections than now, and wait for one of them.
    max_connections_ = connections_.size();
    waiting_.push_front(id);
    return;
  }
  if (fd < 0) return fail_later(id, HttpFailure::refused);
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  auto& c = *connections_.emplace_back(std::make_unique<Connection>());
  c.fd = fd;
  ++opened_;
  c.watch = loop_.watch(fd, EPOLLOUT, [this, conn = &c](std::uint32_t events) { on_ready(*conn, events); });
  c.pending = id;
  pending_.at(id)->connection = &c;
  c.out = serialise(pending_.at(id)->request, host_header_);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address_), address_size_) < 0 && errno != EINPROGRESS) {
    const auto failure = errno == ECONNREFUSED ? HttpFailure::refused : HttpFailure::reset;
    c.pending = 0;
    close(c);
    pending_.at(id)->connection = nullptr;
    fail_later(id, failure);
  }
}

// A failure found inside send() is reported from the loop, never before send() returns:
// a caller counting what it sent must not hear of it first.
void HttpClient::fail_later(PendingId id, HttpFailure failure) {
  loop_.at(Clock::now(), [this, id, failure] {
    if (!pending_.contains(id)) return;  // its deadline came first
    finish(id, failure);
    next_waiting();
  });
}

void HttpClient::start(Connection& c, PendingId id) {
  c.pending = id;
  c.stage = Connection::Stage::sending;
  c.out = serialise(pending_.at(id)->request, host_header_);
  c.written = 0;
  c.in.clear();
  pending_.at(id)->connection = &c;
  write_some(c);
}

void HttpClient::on_ready(Connection& c, std::uint32_t events) {
  using Stage = Connection::Stage;
  if (c.stage == Stage::idle) {
    // The server closed a kept-alive connection, or sent what nobody asked for.
    idle_.erase(std::remove(idle_.begin(), idle_.end(), &c), idle_.end());
    return close(c);
  }
  if (c.stage == Stage::connecting) {
    int error = 0;
    socklen_t size = sizeof error;
    getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &size);
    if (error != 0) return fail(c, error == ECONNREFUSED ? HttpFailure::refused : HttpFailure::reset, false);
    c.stage = Stage::sending;
    return write_some(c);
  }
  if (c.stage == Stage::sending && (events & EPOLLOUT)) return write_some(c);
  if (c.stage == Stage::receiving || (events & (EPOLLIN | EPOLLERR | EPOLLHUP))) read_some(c);
}

void HttpClient::write_some(Connection& c) {
  while (c.written < c.out.size()) {
    const auto n = ::send(c.fd, c.out.data() + c.written, c.out.size() - c.written, MSG_NOSIGNAL);
    if (n < 0 && errno == EAGAIN) return loop_.rewatch(c.watch, EPOLLOUT);
    if (n < 0) return fail(c, HttpFailure::reset, c.reused);
    c.written += static_cast<std::size_t>(n);
  }
  pending_.at(c.pending)->sent = Clock::now();
  c.stage = Connection::Stage::receiving;
  loop_.rewatch(c.watch, EPOLLIN | EPOLLRDHUP);
}

void HttpClient::read_some(Connection& c) {
  std::array<char, 16384> buffer;
  bool end_of_stream = false;
  for (;;) {
    const auto n = ::recv(c.fd, buffer.data(), buffer.size(), 0);
    if (n > 0) {
      c.in.append(buffer.data(), static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) {
      end_of_stream = true;
      break;
    }
    if (errno == EAGAIN) break;
    // A reset, not a close: the server (or the fault it injects) broke the connection.
    return fail(c, HttpFailure::reset, false);
  }
  auto parsed = parse(c.in, end_of_stream);
  if (auto* p = std::get_if<Parsed>(&parsed))
    return complete(c, std::move(p->response), p->keep_alive && !end_of_stream);
  if (std::holds_alternative<Malformed>(parsed)) return fail(c, HttpFailure::malformed, false);
  if (end_of_stream) fail(c, HttpFailure::reset, c.reused && c.in.empty());
}

void HttpClient::complete(Connection& c, HttpResponse response, bool keep_alive) {
  const auto id = c.pending;
  c.pending = 0;
  if (keep_alive) {
    c.stage = Connection::Stage::idle;
    c.reused = true;
    c.in.clear();
    idle_.push_back(&c);
  } else {
    close(c);
  }
  finish(id, std::move(response));
  next_waiting();
}

// A kept-alive connection the server had already closed gets the request once more on a
// fresh one; every other failure is the request's.
void HttpClient::fail(Connection& c, HttpFailure failure, bool stale_reuse) {
  const auto id = c.pending;
  c.pending = 0;
  close(c);
  auto& p = *pending_.at(id);
  p.connection = nullptr;
  if (stale_reuse && !p.retried) {
    p.retried = true;
    return dispatch(id);
  }
  finish(id, failure);
  next_waiting();
}

void HttpClient::finish(PendingId id, std::variant<HttpResponse, HttpFailure> result) {
  const auto it = pending_.find(id);
  auto p = std::move(it->second);
  pending_.erase(it);
  if (p->deadline) loop_.cancel(p->deadline);
  const auto now = Clock::now();
  HttpExchange exchange{std::move(result), p->sent == Clock::time_point{} ? now : p->sent, now};
  p->done(std::move(exchange));
}

void HttpClient::close(Connection& c) {
  loop_.unwatch(c.watch);
  ::close(c.fd);
  connections_.remove_if([&](const auto& owned) { return owned.get() == &c; });
}

void HttpClient::next_waiting() {
  while (!waiting_.empty() && (!idle_.empty() || connections_.size() < max_connections_)) {
    const auto id = waiting_.front();
    waiting_.pop_front();
    dispatch(id);
  }
}

}  // namespace pollbench::bench::live
