#include "bench/live/live_pairs.hpp"

#include "sim/server/webhook_client.hpp"

namespace pollbench::bench::live {

LivePair::LivePair(LiveContext& ctx, const ModelWorld& world, std::string series, bool listens)
    : ctx_(ctx), world_(world), series_(std::move(series)), listens_(listens), lives_(world.tasks) {
  outcome_.tasks.reserve(world.tasks);
  for (std::uint64_t task = 0; task < world.tasks; ++task) outcome_.tasks.push_back(fresh_record(world.truth(task)));
}

void LivePair::start() {
  for (std::uint64_t task = 0; task < lives_.size(); ++task)
    ctx_.after(ctx_.wall(ctx_.start, world_.arrivals.at(task).time_since_epoch()), [this, task] {
      ctx_.submit(world_, task, series_, listens_, [this, task](std::string id, Clock::time_point t0) {
        auto& life = lives_[task];
        life.started = true;
        life.t0 = t0;
        ctx_.task_started();
        if (id.empty()) {  // the client's submit threw: its caller hears an error at once
          report(task, {strategies::Verdict::error, {}});
          return end(task);
        }
        life.id = std::move(id);
        if (listens_) ctx_.listen(life.id, [this, task](const Callback& c) { heard(task, c); });
        began(task);
        if (listens_) ctx_.hear_early(life.id);
      });
    });
}

void LivePair::end(std::uint64_t task) {
  lives_[task].ended = true;
  lives_[task].awaiting_callback = false;
  ctx_.task_ended();
}

void LivePair::report(std::uint64_t task, const Report& r) {
  outcome_.tasks[task].verdict = client_verdict(r.verdict);
  outcome_.tasks[task].known_at = r.at;
}

void LivePair::measure_overhead(std::uint64_t task, const HttpExchange& exchange, sim::Reply reply) {
  // A stall ends on the client's timer, and a rate limiter's 429 comes at once: neither
  // carries a drawn response time.
  if (reply == sim::Reply::timeout || (reply == sim::Reply::http_429 && ctx_.scenario.rate_limit.requests_per_s > 0))
    return;
  // The fault does not move the response time drawn for the request.
  const auto drawn =
      world_.service.status(world_.truth(task), task, outcome_.tasks[task].requests, {}, std::nullopt).latency;
  const auto took = ctx_.since(exchange.sent, exchange.finished);
  ctx_.measured.request_overhead_ms.push_back(ctx_.scale.wall_ms(took - drawn));
}

void LivePair::count_rate(const HttpExchange& exchange) {
  outcome_.rate.request(sim::Time{ctx_.since(ctx_.start, exchange.sent)},
                        sim::Time{ctx_.since(ctx_.start, exchange.finished)});
}

Observation LivePair::observe(std::uint64_t task, const StatusAnswer& answer, Clock::time_point at) const {
  Observation seen;
  seen.now = ctx_.since(lives_[task].t0, at);
  seen.reply = answer.reply;
  seen.retry_after = answer.retry_after;
  if (strategies::is_error(answer.reply)) return seen;
  const auto* state = answer.find(lives_[task].id);
  if (!state) {  // an answer that leaves this task out is one the client cannot read
    seen.reply = sim::Reply::malformed_body;
    return seen;
  }
  seen.reply = state->state;
  seen.poll_after = state->poll_after;
  seen.progress = state->progress;
  seen.fail_message_mentions_network = state->fail_message_mentions_network;
  return seen;
}

std::optional<Observation> LivePair::callback_observation(std::uint64_t task, const Callback& callback) const {
  const auto reply = reply_of_state(callback.state);
  if (!reply || !strategies::is_terminal(*reply)) return std::nullopt;
  Observation seen;
  seen.now = ctx_.since(lives_[task].t0, callback.arrived);
  seen.reply = *reply;
  return seen;
}

std::string LivePair::client_of(std::uint64_t task) const {
  return fmt::format("{}c{}", series_, task % world_.clients);
}

PairOutcome LivePair::outcome(bool whole) const {
  if (whole) return outcome_;
  PairOutcome ended;
  ended.rate = outcome_.rate;
  for (std::size_t task = 0; task < lives_.size(); ++task)
    if (lives_[task].ended) ended.tasks.push_back(outcome_.tasks[task]);
  return ended;
}

std::uint64_t LivePair::unfinished() const {
  return static_cast<std::uint64_t>(
      std::count_if(lives_.begin(), lives_.end(), [](const Life& l) { return l.started && !l.ended; }));
}

std::optional<Clock::time_point> LivePair::last_callback_due() const {
  using sim::server::WebhookClient;
  // The server's retries, should a delivery fail: first_retry, then doubling.
  const auto retries = WebhookClient::first_retry * ((1 << (WebhookClient::max_attempts - 1)) - 1);
  std::optional<Clock::time_point> last;
  for (std::uint64_t task = 0; task < lives_.size(); ++task) {
    const auto& life = lives_[task];
    const auto truth = world_.truth(task);
    if (!life.awaiting_callback || !truth.finishes()) continue;
    const auto fate = world_.service.webhook(truth, task);
    if (!fate.delivered) continue;
    const auto due = ctx_.wall(life.t0, fate.first_at + (fate.copies - 1) * std::chrono::seconds{1} + retries);
    last = std::max(last.value_or(due), due);
  }
  return last;
}

}  // namespace pollbench::bench::live
