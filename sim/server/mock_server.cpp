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

// One io_context run by --threads threads: connections, answer delays, stalls and
// webhooks are all handlers and timers on it, never a sleeping thread.
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
  net::io_context io;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
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
        io(static_cast<int>(options.threads)),
        webhooks(std::make_shared<WebhookClient>(io, scale, ledger)) {}

  void run_thread() {
    io.run();
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
    work.reset();
    {
      std::unique_lock lock(mutex);
      threads_done.wait_for(lock, stop_grace, [&] { return running == 0; });
    }
    io.stop();
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
  i.listener = std::make_shared<HttpListener>(i.io, i.options.host, i.options.port, i.front);
  i.listener->start();
  i.work.emplace(i.io.get_executor());
  i.running = i.options.threads;
  for (std::size_t n = 0; n < i.options.threads; ++n) i.threads.emplace_back([&i] { i.run_thread(); });
  return i.listener->port();
}

void MockServer::stop() { impl_->stop(); }

const std::vector<ApiKey>& MockServer::api_keys() const { return impl_->keys; }

nlohmann::ordered_json MockServer::stats() const { return impl_->ledger.stats(WallClock::now()); }

}  // namespace pollbench::sim::server
