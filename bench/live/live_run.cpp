#include "bench/live/live_run.hpp"

#include <sys/prctl.h>
#include <unistd.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <fmt/format.h>
#include <random>

#include "bench/live/live_pairs.hpp"
#include "bench/live/live_server.hpp"
#include "bench/metrics.hpp"
#include "bench/bound/bound_cache.hpp"
#include "bench/bound/fair_efficiency.hpp"
#include "bench/run/parallel_map.hpp"
#include "bench/strategy_catalog.hpp"
#include "bench/version.hpp"
#include "reports/agreement.hpp"
#include "reports/recommendation.hpp"
#include "sim/input_error.hpp"

namespace pollbench::bench::live {

namespace {

std::string run_id() {
  std::random_device device;
  return fmt::format("r{:08x}", device());
}

std::unique_ptr<LivePair> make_pair(LiveContext& ctx, const ModelWorld& world, std::string series,
                                    const strategies::Strategy& strategy) {
  // Deduced, not trailing, return types: clang 14 leaves the pairs' virtual members
  // uninstantiated when a generic lambda with a trailing return type makes them inside
  // std::visit (llvm-project issue 176023), and the link fails.
  return strategies::visit_shape(
      strategy, world.model.name,
      [&](const auto& poller) {
        using Pair = ConcurrentPair<std::decay_t<decltype(poller)>>;
        return std::unique_ptr<LivePair>(std::make_unique<Pair>(ctx, world, std::move(series), poller));
      },
      [&](const auto& policy) {
        using Pair = IndependentPair<std::decay_t<decltype(policy)>>;
        return std::unique_ptr<LivePair>(std::make_unique<Pair>(ctx, world, std::move(series), policy));
      });
}

// Every (strategy, model) pair of the run on one io_context, with what they share.
struct Session {
  Session(const sim::Scenario& scenario, const Server& server, std::vector<strategies::NamedStrategy> named,
          bool any_callbacks)
      : strategies(std::move(named)),
        ctx(scenario, server.endpoint, server.scale, run_id(), connection_budget(server.in_process != nullptr)) {
    for (const auto& model : scenario.models) worlds.emplace_back(scenario, model);
    if (any_callbacks) {
      receiver.emplace(ctx.io, server.webhook_secret, [this](Callback c) { ctx.deliver(c); });
      ctx.callback_url = receiver->url();
    }
    for (auto& world : worlds)
      for (std::size_t s = 0; s < strategies.size(); ++s)
        pairs.push_back(runs_on(strategies[s].strategy, world.model)
                            ? make_pair(ctx, world, fmt::format("{}_{}", ctx.run_id, s), strategies[s].strategy)
                            : nullptr);
  }

  std::vector<strategies::NamedStrategy> strategies;
  std::deque<ModelWorld> worlds;  // pairs hold references: a deque never moves them
  // Before ctx: its connections still queued on ctx.io use it until the io_context is gone.
  std::optional<WebhookReceiver> receiver;
  LiveContext ctx;
  std::vector<std::unique_ptr<LivePair>> pairs;  // model by model, each strategy; none where it cannot run

  // The pairs that run. A plain vector: clang 14 (the fuzz build) cannot compile
  // libstdc++ 12's filter views.
  std::vector<LivePair*> running() const {
    std::vector<LivePair*> out;
    for (const auto& p : pairs)
      if (p) out.push_back(p.get());
    return out;
  }
};

bool any_callbacks(const std::vector<strategies::NamedStrategy>& strategies) {
  return std::any_of(strategies.begin(), strategies.end(),
                     [](const auto& s) { return strategies::uses_callbacks(s.strategy); });
}

// Runs every pair until no work is scheduled and no awaited callback can still come, or
// until interrupted or aborted: then says why it stopped early.
std::optional<std::string> drive(Session& session, const LiveOptions& options, std::size_t tasks_per_model) {
  auto& ctx = session.ctx;
  std::optional<std::string> partial;
  boost::asio::posix::stream_descriptor interrupt(ctx.io);
  if (const int fd = options.interrupt_fd >= 0 ? ::dup(options.interrupt_fd) : -1; fd >= 0) {
    interrupt.assign(fd);  // a copy of its own: the descriptor closes it
    interrupt.async_wait(boost::asio::posix::stream_descriptor::wait_read, [&](boost::system::error_code ec) {
      if (ec) return;
      partial = "interrupted";
      ctx.io.stop();
    });
  }
  // Checked when the work runs out, when a task ends with none left, and at the last due
  // callback (with a little grace for the server's own timers).
  boost::asio::steady_timer quiet(ctx.io);
  std::function<void()> end_when_quiet = [&] {
    std::optional<Clock::time_point> due;
    for (const auto& p : session.running())
      if (const auto d = p->last_callback_due()) due = std::max(due.value_or(*d), *d);
    constexpr std::chrono::milliseconds grace{20};
    if (!due || *due + grace <= Clock::now()) return ctx.io.stop();
    quiet.expires_at(*due + grace);
    quiet.async_wait([&](boost::system::error_code ec) {
      if (!ec && ctx.idle()) end_when_quiet();
    });
  };
  ctx.on_idle = end_when_quiet;
  const std::size_t total = session.running().size() * tasks_per_model;
  std::size_t ended = 0;
  ctx.on_task_end = [&] {
    if (options.progress && (++ended % 64 == 0 || ended == total)) options.progress(ended, total);
    if (ctx.idle()) end_when_quiet();
  };
  ctx.on_abort = [&] {
    partial = ctx.aborted;
    ctx.io.stop();
  };
  ctx.measured.on_status_answer = options.on_status_answer;
  ctx.start = Clock::now();
  for (const auto& p : session.running()) p->start();
  // The default 50 µs of timer slack would be most of the scheduling error we report.
  prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
  ctx.io.run();
  return partial;
}

// Where and how fast the run went, and how faithfully it kept the schedules.
reports::LiveRun live_facts(const Session& session, const Server& server, Clock::duration wall) {
  const auto& ctx = session.ctx;
  reports::LiveRun live;
  live.target = server.described;
  live.time_scale = server.scale.factor();
  live.wall_s = std::chrono::duration<double>(wall).count();
  live.status_requests = ctx.measured.status_requests;
  live.connections = ctx.http.connections_opened();
  live.requests_never_sent = ctx.http.expired_unsent();
  live.round_trip_ms = summarize(ctx.measured.round_trip_ms);
  live.request_overhead_ms = summarize(ctx.measured.request_overhead_ms);
  live.scheduling_error_ms = summarize(ctx.measured.scheduling_error_ms);
  live.peak_tasks_in_flight = ctx.measured.peak_tasks_in_flight;
  if (session.receiver) {
    const auto counts = session.receiver->counts();
    live.webhooks_accepted = counts.accepted;
    live.webhook_duplicates = counts.duplicates;
    live.webhooks_rejected = counts.rejected;
  }
  return live;
}

// One row per pair, in the simulator's order, with each model's frontier.
// Each row's efficiency charges the bound's polls the round trip the live requests paid.
void add_rows(const sim::Scenario& scenario, const Session& session, const Server& server, const BoundCache& bounds,
              bool whole, reports::RunResult& run, reports::LiveRun& live) {
  const auto network = server.scale.from_wall_ms(live.request_overhead_ms.mean);
  std::size_t pair = 0;
  for (const auto& model : scenario.models) {
    const auto toll = RequestToll::of(model, network);
    run.frontiers.push_back({model.name, frontier_paying(bounds.of(model), toll)});
    for (const auto& s : session.strategies) {
      const auto* running = session.pairs[pair++].get();
      if (!running) continue;
      const auto& p = *running;
      if (!whole) live.unfinished_tasks += p.unfinished();
      const auto& outcome = p.outcome(whole);
      const auto tally = tally_of(outcome);
      auto& row = run.records.emplace_back(tally.record(s.name, model.name, outcome.rate));
      if (strategies::uses_callbacks(s.strategy)) continue;
      row.informed = strategies::uses_information(s.strategy);
      row.efficiency = fair_efficiency(row, tally.effort(), model, toll, bounds);
    }
  }
}

// The report's pick against the guide's row of each model, on the tasks both ran live.
std::vector<reports::PairedRequests> compare_picks(const sim::Scenario& scenario, const Session& session,
                                                   const reports::RunResult& run) {
  const auto pair_of = [&](const std::string& model, const std::string& strategy) {
    const auto m =
        std::find_if(scenario.models.begin(), scenario.models.end(), [&](const auto& x) { return x.name == model; }) -
        scenario.models.begin();
    const auto s = std::find_if(session.strategies.begin(), session.strategies.end(),
                                [&](const auto& x) { return x.name == strategy; }) -
                   session.strategies.begin();
    return session.pairs[static_cast<std::size_t>(m) * session.strategies.size() + static_cast<std::size_t>(s)].get();
  };
  std::vector<reports::PairedRequests> out;
  for (const auto& rec : reports::recommendations(run)) {
    if (!rec.compares()) continue;
    auto& paired = out.emplace_back(paired_requests(pair_of(rec.model, rec.pick->strategy)->outcome(true),
                                                    pair_of(rec.model, rec.guide->strategy)->outcome(true)));
    paired.model = rec.model;
    paired.strategy = rec.pick->strategy;
    paired.against = rec.guide->strategy;
  }
  return out;
}

// The simulator has no network: for the comparison each simulated request is charged
// what a live one paid on average beyond the response time the scenario drew for it, and
// beyond the moment its strategy wanted it sent. Means, since a strategy that schedules
// from its last answer accumulates them poll after poll.
void compare_with_simulation(Session& session, const Server& server, const std::vector<reports::ResultRecord>& rows,
                             reports::LiveRun& live) {
  live.sim_request_overhead_ms = live.request_overhead_ms.mean + live.scheduling_error_ms.mean;
  const auto charged = server.scale.from_wall_ms(live.sim_request_overhead_ms);
  std::vector<reports::ResultRecord> charged_rows, plain_rows;
  std::vector<reports::TimingNoise> noise;
  std::size_t row = 0;
  for (auto& world : session.worlds)
    for (const auto& s : session.strategies) {
      const auto* live_pair = session.pairs[row++].get();
      if (!live_pair) continue;
      world.request_overhead = charged;
      const auto simulated = simulate(s.strategy, world);
      charged_rows.push_back(measure(s.name, world.model.name, simulated));
      noise.push_back(paired_noise(live_pair->outcome(true), simulated));
      world.request_overhead = {};
      plain_rows.push_back(measure(s.name, world.model.name, simulate(s.strategy, world)));
    }
  const double round_trip_s = live.request_overhead_ms.p50 / 1000 * server.scale.factor();
  live.agreement = reports::compare_live_with_sim(rows, charged_rows, plain_rows, round_trip_s, noise);
}

}  // namespace

reports::RunResult run_live(const Workload& workload, const LiveOptions& options) {
  return run_live(workload, open_server(workload.scenario, options), options);
}

reports::RunResult run_live(const Workload& workload, Server server, const LiveOptions& options) {
  const auto& scenario = workload.scenario;
  const BoundCache bounds;
  auto named = workload.bound(bounds, all_cores());
  const bool callbacks = any_callbacks(named);
  if (callbacks && server.webhook_secret.empty())
    throw InputError("--webhook-secret",
                     "required with --target for the callback strategies (or leave them out with --strategies)");
  Session session(scenario, server, std::move(named), callbacks);
  const auto partial = drive(session, options, scenario.tasks_per_model);
  const auto wall = Clock::now() - session.ctx.start;

  reports::RunResult run;
  run.version = version;
  run.scenario = scenario.name;
  run.mode = "live";
  run.seed = scenario.seed;
  auto live = live_facts(session, server, wall);
  live.partial = partial;
  add_rows(scenario, session, server, bounds, !partial, run, live);
  if (!partial) run.paired_requests = compare_picks(scenario, session, run);
  if (!partial) compare_with_simulation(session, server, run.records, live);
  run.live = std::move(live);
  return run;
}

}  // namespace pollbench::bench::live
