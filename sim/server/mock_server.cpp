#include "sim/server/mock_server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <condition_variable>
#include <fmt/format.h>
#include <thread>

#include "sim/input_error.hpp"
#include "sim/server/answers.hpp"
#include "sim/server/api_keys.hpp"
#include "sim/server/connection_threads.hpp"
#include "sim/server/request_handler.hpp"
#include "sim/server/task_ledger.hpp"
#include "sim/server/tcp_reset.hpp"
#include "sim/server/webhook_sender.hpp"

namespace pollbench::sim::server {

namespace {

// The packaged cpp-httplib listens with a backlog of 5, so a burst of connections waits
// out SYN retries. Listening again on the bound socket only lengthens the queue.
class WideBacklogServer : public httplib::Server {
 public:
  bool widen_backlog(int backlog) { return ::listen(svr_sock_, backlog) == 0; }
};

void send(httplib::Response& res, const ApiResponse& answer) {
  res.status = answer.status;
  for (const auto& [name, value] : answer.headers) res.set_header(name, value);
  res.set_content(answer.body, "application/json");
}

ApiRequest request_of(const httplib::Request& req) {
  std::vector<Header> headers;
  headers.reserve(req.headers.size());
  for (const auto& [name, value] : req.headers) headers.push_back({name, value});
  return {req.method, req.target, std::move(headers), req.body, WallClock::now()};
}

}  // namespace

// The HTTP front end: cpp-httplib hands each request to the handler, then this plays the
// answer out: waits its delay (cut short by stop()), then answers or resets.
struct MockServer::Impl {
  Scenario scenario;
  ServeOptions options;
  TimeScale scale;
  std::vector<ApiKey> keys;
  TaskLedger ledger;
  WebhookSender sender;
  RequestHandler handler;
  WideBacklogServer http;
  std::thread listener;
  int port = 0;

  std::mutex mutex;  // guards stopping
  std::condition_variable stopping_changed;
  bool stopping = false;

  Impl(Scenario s, ServeOptions o)
      : scenario(std::move(s)), options(std::move(o)), scale(options.time_scale), keys(serving_keys(scenario)),
        ledger(scenario, scale), sender(scale, ledger),
        handler(scenario, keys, options.callback_hosts, scale, ledger,
                [this](Delivery d, WallClock::time_point due) { sender.schedule(std::move(d), due); }) {
    configure();
  }

  // Waits in wall time, cut short by stop(); false when stopping.
  bool pause(WallClock::duration wait) {
    if (wait <= WallClock::duration::zero()) return true;
    std::unique_lock lock(mutex);
    return !stopping_changed.wait_for(lock, wait, [&] { return stopping; });
  }

  void serve(const httplib::Request& req, httplib::Response& res) {
    const auto answer = handler.handle(request_of(req));
    if (!pause(answer.delay)) return send(res, error_answer(503, "server stopping"));
    if (answer.playback == Playback::reset) {
      reset_connection(req.local_port, req.remote_addr, req.remote_port);
      res.status = 500;  // never reaches the client: its socket is gone
      return;
    }
    send(res, answer);
    handler.answered(answer);
  }

  void configure() {
    const auto serve_any = [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); };
    // Routing is the handler's: every path of every method goes to it.
    http.Get(".*", serve_any);
    http.Post(".*", serve_any);
    http.Put(".*", serve_any);
    http.Patch(".*", serve_any);
    http.Delete(".*", serve_any);
    http.Options(".*", serve_any);
    // Every error the library raises itself (body too large, bad request) in the API's shape.
    http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      const auto message = res.status == 413 ? std::string("request body too large") : fmt::format("HTTP {}", res.status);
      send(res, error_answer(res.status, message));
      return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      send(res, error_answer(500, "internal error"));
    });
    http.set_payload_max_length(options.max_body_bytes);
    http.set_keep_alive_max_count(1000000);
    http.set_tcp_nodelay(true);
    // cpp-httplib owns and deletes the queue it is handed.
    http.new_task_queue = [max = options.max_connections] { return std::make_unique<ConnectionThreads>(max).release(); };
  }
};

MockServer::MockServer(Scenario scenario, ServeOptions options) {
  if (options.port < 0 || options.port > 65535) throw InputError("--port", fmt::format("must be 0 to 65535, got {}", options.port));
  impl_ = std::make_unique<Impl>(std::move(scenario), std::move(options));
}

MockServer::~MockServer() { stop(); }

int MockServer::start() {
  auto& i = *impl_;
  const auto& o = i.options;
  i.port = o.port == 0 ? i.http.bind_to_any_port(o.host) : (i.http.bind_to_port(o.host, o.port) ? o.port : -1);
  if (i.port < 0) throw InputError("--port", fmt::format("cannot listen on {}:{}", o.host, o.port));
  i.http.widen_backlog(SOMAXCONN);
  i.listener = std::thread([&i] { i.http.listen_after_bind(); });
  // cpp-httplib's stop() does nothing before the listen loop has begun.
  while (!i.http.is_running()) std::this_thread::yield();
  return i.port;
}

void MockServer::stop() {
  auto& i = *impl_;
  {
    std::lock_guard lock(i.mutex);
    i.stopping = true;
  }
  i.stopping_changed.notify_all();
  i.http.stop();
  if (i.listener.joinable()) i.listener.join();
  i.sender.stop();
}

const std::vector<ApiKey>& MockServer::api_keys() const { return impl_->keys; }

nlohmann::ordered_json MockServer::stats() const { return impl_->ledger.stats(WallClock::now()); }

}  // namespace pollbench::sim::server
