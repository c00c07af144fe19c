#include "sim/server/mock_server.hpp"

#include <sys/resource.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <fmt/format.h>
#include <optional>
#include <thread>

#include "sim/input_error.hpp"
#include "sim/server/api_keys.hpp"
#include "sim/server/connections.hpp"
#include "sim/server/http_listener.hpp"
#include "sim/server/request_handler.hpp"
#include "sim/server/task_ledger.hpp"
#include "sim/server/webhook_client.hpp"

namespace pollbench::sim::server {

namespace {

namespace net = boost::asio;

// How long stop() lets webhook tries in flight finish before it abandons them.
constexpr std::chrono::milliseconds stop_grace{500};

// Lets the process hold a descriptor for every connection it may accept, and some to
// spare, as far as the hard limit allows; at the limit, accepting waits instead.
void raise_descriptor_limit(std::size_t connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const auto wanted = std::min<rlim_t>(limit.rlim_max, connections + 256);
  if (limit.rlim_cur >= wanted) return;
  limit.rlim_cur = wanted;
  setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

// --threads event loops, each an io_context run by one thread: connections are dealt out
// to them in turn, and their answer delays and stalls are timers on their loop; webhooks
// are delivered from the first. Nothing sleeps a thread.
struct MockServer::Impl {
  Scenario scenario;
  ServeOptions options;
  TimeScale scale;
  std::vector<ApiKey> keys;
  TaskLedger ledger;
  RequestHandler handler;
  Connections connections;
  ServerMetrics metrics;
  FrontEnd front{handler, options, connections, &metrics};
  // Declared after what its handlers use, and before the I/O objects that use it, so
  // that destroying it (and the sessions its handlers hold) comes in between.
  std::vector<std::unique_ptr<net::io_context>> loops;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> work;
  std::shared_ptr<WebhookClient> webhooks;
  std::shared_ptr<HttpListener> listener;
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::condition_variable threads_done;
  std::size_t running = 0;
  bool stopped = false;

  Impl(Scenario s, ServeOptions o)
      : scenario(std::move(s)),
        options(std::move(o)),
        scale(options.time_scale),
        keys(serving_keys(scenario)),
        ledger(scenario, scale, {options.max_tasks_per_key, options.max_journal_bytes}),
        handler(
            scenario, keys, {options.max_json_depth, options.max_callback_url_bytes, options.callback_hosts}, scale,
            ledger, [this](Delivery d, WallClock::time_point due) { webhooks->schedule(std::move(d), due); },
            [this](WallClock::time_point now) {
              return metrics.text({connections.open(), ledger.census(now)});
            },
            options.max_clients_per_key),
        connections(options.max_connections),
        loops(make_loops(options.threads)),
        webhooks(std::make_shared<WebhookClient>(*loops.front(), scale, ledger)) {}

  static std::vector<std::unique_ptr<net::io_context>> make_loops(std::size_t n) {
    std::vector<std::unique_ptr<net::io_context>> made;
    for (std::size_t i = 0; i < n; ++i) made.push_back(std::make_unique<net::io_context>(1));
    return made;
  }

  void run_thread(net::io_context& loop) {
    loop.run();
    std::lock_guard lock(mutex);
    --running;
    threads_done.notify_all();
  }

  // Ends every connection and waiting delivery, lets the loop run dry for a moment so
  // that webhook tries in flight can finish, then stops it whatever is left.
  void stop() {
    {
      std::lock_guard lock(mutex);
      if (stopped) return;
      stopped = true;
    }
    if (listener) listener->close();
    connections.close_all();
    webhooks->stop();
    work.clear();
    {
      std::unique_lock lock(mutex);
      threads_done.wait_for(lock, stop_grace, [&] { return running == 0; });
    }
    for (auto& loop : loops) loop->stop();
    for (auto& t : threads) t.join();
  }
};

MockServer::MockServer(Scenario scenario, ServeOptions options) {
  if (options.port < 0 || options.port > 65535)
    throw InputError("--port", fmt::format("must be 0 to 65535, got {}", options.port));
  if (options.threads < 1) throw InputError("--threads", "must be at least 1");
  impl_ = std::make_unique<Impl>(std::move(scenario), std::move(options));
}

MockServer::~MockServer() { stop(); }

int MockServer::start() {
  auto& i = *impl_;
  raise_descriptor_limit(i.options.max_connections);
  std::vector<net::io_context*> loops;
  for (const auto& loop : i.loops) loops.push_back(loop.get());
  i.listener = std::make_shared<HttpListener>(loops, i.options.host, i.options.port, i.front);
  i.listener->start();
  for (auto* loop : loops) i.work.push_back(net::make_work_guard(*loop));
  i.running = loops.size();
  for (auto* loop : loops) i.threads.emplace_back([&i, loop] { i.run_thread(*loop); });
  return i.listener->port();
}

void MockServer::stop() { impl_->stop(); }

const std::vector<ApiKey>& MockServer::api_keys() const { return impl_->keys; }

nlohmann::ordered_json MockServer::stats() const { return impl_->ledger.stats(WallClock::now()); }

}  // namespace pollbench::sim::server
