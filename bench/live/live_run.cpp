#include "bench/live/live_run.hpp"

#include <httplib.h>
#include <sys/epoll.h>
#include <sys/resource.h>

#include <cmath>
#include <deque>
#include <fmt/format.h>
#include <random>
#include <regex>

#include "bench/live/live_pairs.hpp"
#include "bench/metrics.hpp"
#include "bench/optimal_schedule.hpp"
#include "bench/strategy_catalog.hpp"
#include "bench/version.hpp"
#include "reports/agreement.hpp"
#include "sim/input_error.hpp"
#include "sim/server/mock_server.hpp"

namespace pollbench::bench::live {

namespace {

std::string run_id() {
  std::random_device device;
  return fmt::format("r{:08x}", device());
}

double positive_scale(double x) {
  if (!(x > 0) || !std::isfinite(x)) throw InputError("--time-scale", fmt::format("must be a positive number, got {}", x));
  return x;
}

// The server a run talks to: the mock started here, or the target after checking it
// plays this scenario, since the rows compare the client's view with the scenario's truth.
struct Server {
  std::unique_ptr<sim::server::MockServer> in_process;
  Endpoint endpoint;
  std::string described;
  std::string webhook_secret;
  double time_scale = 1;
};

Server in_process_server(const sim::Scenario& scenario, double time_scale) {
  Server s;
  sim::server::ServeOptions options;
  options.time_scale = time_scale;
  s.in_process = std::make_unique<sim::server::MockServer>(scenario, options);
  s.endpoint = {"127.0.0.1", s.in_process->start(), s.in_process->api_keys().front().key};
  s.webhook_secret = s.in_process->api_keys().front().webhook_secret;
  s.described = fmt::format("in-process mock server (127.0.0.1:{})", s.endpoint.port);
  s.time_scale = time_scale;
  return s;
}

Server target_server(const sim::Scenario& scenario, const LiveOptions& o) {
  static const std::regex url(R"(^http://([^/:]+|\[[0-9a-fA-F:]+\]):([0-9]{1,5})/?$)");
  std::smatch m;
  if (!std::regex_match(o.target, m, url)) throw InputError("--target", fmt::format("expected http://host:port, got \"{}\"", o.target));
  if (o.api_key.empty()) throw InputError("--api-key", "required with --target");
  Server s;
  auto host = m[1].str();
  if (host.starts_with('[')) host = host.substr(1, host.size() - 2);
  s.endpoint = {host, std::stoi(m[2].str()), o.api_key};
  s.described = o.target;
  s.webhook_secret = o.webhook_secret;
  httplib::Client client(host, s.endpoint.port);
  client.set_connection_timeout(std::chrono::seconds{5});
  client.set_read_timeout(std::chrono::seconds{30});
  const auto answer = client.Get("/admin/stats");
  if (!answer || answer->status != 200)
    throw InputError("--target", fmt::format("{} did not answer GET /admin/stats: a live run needs a server that says which scenario it plays", o.target));
  const auto stats = nlohmann::json::parse(answer->body, nullptr, false);
  if (!stats.is_object() || !stats.contains("scenario") || !stats.contains("seed") || !stats.contains("time_scale"))
    throw InputError("--target", fmt::format("{}'s /admin/stats does not name its scenario, seed and time scale", o.target));
  if (stats["scenario"] != scenario.name || stats["seed"] != scenario.seed)
    throw InputError("--target", fmt::format("{} plays scenario {} with seed {}, this run {} with seed {}: pass the same --scenario and --seed",
                                             o.target, stats["scenario"].dump(), stats["seed"].dump(), scenario.name, scenario.seed));
  s.time_scale = stats["time_scale"].get<double>();
  if (o.time_scale && std::abs(*o.time_scale - s.time_scale) > 1e-9 * s.time_scale)
    throw InputError("--time-scale", fmt::format("{} runs at time scale {}, not {}", o.target, s.time_scale, *o.time_scale));
  return s;
}

// The client's share of open files. The soft limit (often 1,024) is raised to the hard
// one; an in-process server holds the other end of every connection, so it gets half.
std::size_t connection_budget(bool server_in_process) {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
    getrlimit(RLIMIT_NOFILE, &files);
  }
  constexpr rlim_t reserve = 256;  // the receiver, the server's listener and webhook sender, files
  const auto usable = files.rlim_cur > reserve ? files.rlim_cur - reserve : 16;
  return std::clamp<std::size_t>(static_cast<std::size_t>(server_in_process ? usable / 2 : usable), 16, 2048);
}

std::unique_ptr<LivePair> make_pair(LiveContext& ctx, const ModelWorld& world, std::string series, const strategies::Strategy& strategy) {
  return strategies::visit_shape(
      strategy, world.model.name,
      [&](const auto& poller) -> std::unique_ptr<LivePair> {
        return std::make_unique<ConcurrentPair<std::decay_t<decltype(poller)>>>(ctx, world, std::move(series), poller);
      },
      [&](const auto& policy) -> std::unique_ptr<LivePair> {
        return std::make_unique<IndependentPair<std::decay_t<decltype(policy)>>>(ctx, world, std::move(series), policy);
      });
}

}  // namespace

reports::RunResult run_live(const sim::Scenario& scenario, const LiveOptions& options) {
  if (options.time_scale) positive_scale(*options.time_scale);
  auto server = options.target.empty() ? in_process_server(scenario, options.time_scale.value_or(1)) : target_server(scenario, options);
  const auto strategies = make_strategies(scenario.strategies, scenario.models);
  const bool any_callbacks = std::any_of(strategies.begin(), strategies.end(), [](const auto& s) { return strategies::uses_callbacks(s.strategy); });
  if (any_callbacks && server.webhook_secret.empty())
    throw InputError("--webhook-secret", "required with --target for the callback strategies (or leave them out with --strategies)");

  std::deque<ModelWorld> worlds;  // pairs hold references: a deque never moves them
  for (const auto& model : scenario.models) worlds.emplace_back(scenario, model);

  LiveContext ctx(scenario, server.endpoint, sim::server::TimeScale{server.time_scale}, run_id(),
                  connection_budget(server.in_process != nullptr));
  std::optional<WebhookReceiver> receiver;
  if (any_callbacks) {
    receiver.emplace(ctx.loop, server.webhook_secret, [&ctx](Callback c) { ctx.deliver(c); });
    ctx.callback_url = receiver->url();
  }
  std::vector<std::unique_ptr<LivePair>> pairs;
  for (auto& world : worlds)
    for (std::size_t s = 0; s < strategies.size(); ++s)
      pairs.push_back(make_pair(ctx, world, fmt::format("{}_{}", ctx.run_id, s), strategies[s].strategy));

  std::optional<std::string> partial;
  if (options.interrupt_fd >= 0)
    ctx.loop.watch(options.interrupt_fd, EPOLLIN, [&](std::uint32_t) {
      partial = "interrupted";
      ctx.loop.stop();
    });
  // Over once no work is scheduled and no callback still awaited can come. Checked when
  // the work runs out, when a task ends with none left, and at the last due callback
  // (with a little grace for the server's own timers).
  std::function<void()> end_when_quiet = [&] {
    std::optional<Clock::time_point> due;
    for (const auto& p : pairs)
      if (const auto d = p->last_callback_due()) due = std::max(due.value_or(*d), *d);
    constexpr std::chrono::milliseconds grace{20};
    if (!due || *due + grace <= Clock::now()) return ctx.loop.stop();
    ctx.loop.at(*due + grace, [&] {
      if (ctx.idle()) end_when_quiet();
    });
  };
  ctx.on_idle = end_when_quiet;
  const std::size_t total = pairs.size() * scenario.tasks_per_model;
  std::size_t ended = 0;
  ctx.on_task_end = [&] {
    if (options.progress && (++ended % 64 == 0 || ended == total)) options.progress(ended, total);
    if (ctx.idle()) end_when_quiet();
  };
  ctx.measured.on_status_answer = options.on_status_answer;

  ctx.start = Clock::now();
  for (auto& p : pairs) p->start();
  ctx.loop.run();
  const auto wall = Clock::now() - ctx.start;

  reports::RunResult run;
  run.version = version;
  run.scenario = scenario.name;
  run.mode = "live";
  run.seed = scenario.seed;
  reports::LiveRun live;
  live.target = server.described;
  live.time_scale = server.time_scale;
  live.wall_s = std::chrono::duration<double>(wall).count();
  live.status_requests = ctx.measured.status_requests;
  live.connections = ctx.http.connections_opened();
  live.requests_never_sent = ctx.http.expired_unsent();
  live.round_trip_ms = summarize(ctx.measured.round_trip_ms);
  live.request_overhead_ms = summarize(ctx.measured.request_overhead_ms);
  live.scheduling_error_ms = summarize(ctx.measured.scheduling_error_ms);
  live.peak_tasks_in_flight = ctx.measured.peak_tasks_in_flight;
  if (receiver) {
    const auto counts = receiver->counts();
    live.webhooks_accepted = counts.accepted;
    live.webhook_duplicates = counts.duplicates;
    live.webhooks_rejected = counts.rejected;
  }
  live.partial = partial;
  std::size_t pair = 0;
  for (std::size_t m = 0; m < scenario.models.size(); ++m) {
    const auto& model = scenario.models[m];
    const OptimalBound bound(CompletionLaw::of(model), bound_deadline(model));
    run.frontiers.push_back({model.name, bound.frontier()});
    for (const auto& s : strategies) {
      const auto& p = *pairs[pair++];
      live.unfinished_tasks += p.unfinished() * partial.has_value();
      run.records.push_back(measure(s.name, model.name, p.outcome(!partial)));
      if (!strategies::uses_callbacks(s.strategy)) run.records.back().efficiency = efficiency_of(run.records.back(), bound);
    }
  }
  if (!partial) {
    // The simulator has no network: for the comparison each simulated request is charged
    // what a live one paid on average beyond the response time the scenario drew for it,
    // and beyond the moment its strategy wanted it sent. Means, since a strategy that
    // schedules from its last answer accumulates them poll after poll.
    const auto overhead_ms = live.request_overhead_ms.mean + live.scheduling_error_ms.mean;
    live.sim_request_overhead_ms = overhead_ms;
    const auto charged = sim::server::TimeScale{server.time_scale}.from_wall_ms(overhead_ms);
    std::vector<reports::ResultRecord> charged_rows, plain_rows;
    std::vector<reports::TimingNoise> noise;
    std::size_t row = 0;
    for (auto& world : worlds)
      for (const auto& s : strategies) {
        world.request_overhead = charged;
        const auto simulated = simulate(s.strategy, world);
        charged_rows.push_back(measure(s.name, world.model.name, simulated));
        noise.push_back(paired_noise(pairs[row++]->outcome(true), simulated));
        world.request_overhead = {};
        plain_rows.push_back(measure(s.name, world.model.name, simulate(s.strategy, world)));
      }
    const double round_trip_s = live.request_overhead_ms.p50 / 1000 * server.time_scale;
    live.agreement = reports::compare_live_with_sim(run.records, charged_rows, plain_rows, round_trip_s, noise);
  }
  run.live = std::move(live);
  return run;
}

}  // namespace pollbench::bench::live
