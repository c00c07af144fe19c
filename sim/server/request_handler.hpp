#pragma once
// The mock server's API, free of any transport: a request and the time it arrived in,
// the answer and how to play it out back (api_exchange.hpp). It checks the request,
// creates and looks up tasks in the journal, draws each status request's fate from the
// status service, and schedules webhooks. Safe to call from many threads at once.

#include <functional>
#include <span>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/server/api_exchange.hpp"
#include "sim/server/rate_limits.hpp"
#include "sim/server/request_checks.hpp"
#include "sim/server/routes.hpp"
#include "sim/server/task_ledger.hpp"
#include "sim/server/webhook_post.hpp"
#include "sim/status_service.hpp"

namespace pollbench::sim::server {

class RequestHandler final : public ApiHandler {
 public:
  using ScheduleDelivery = std::function<void(Delivery, WallClock::time_point due)>;
  // The body of GET /metrics (server_metrics.hpp), which knows the front end's counters.
  using Scrape = std::function<std::string(WallClock::time_point now)>;

  // Every reference must outlive the handler. A key keeps at most `max_clients_per_key`
  // rate-limit buckets (one per X-Pollbench-Client name seen within the refill time).
  RequestHandler(const Scenario& scenario, std::span<const ApiKey> keys, BodyRules rules, TimeScale scale,
                 TaskLedger& ledger, ScheduleDelivery schedule, Scrape scrape,
                 std::size_t max_clients_per_key = 10'000);

  ApiResponse handle(const ApiRequest& request) override;
  // Journals the terminal states an answer showed, once it has gone out.
  void answered(const Shown& shown) override;

 private:
  ApiResponse dispatch(const ApiRequest& request, const Route& route);
  ApiResponse create(const ApiRequest& request, const ApiKey& key, const std::string& model_name);
  ApiResponse refused(Refusal refusal, const ModelProfile& model, std::optional<std::uint64_t> index) const;
  ApiResponse status(const ApiRequest& request, const ApiKey& key, std::string_view query);
  ApiResponse batch(const ApiRequest& request, const ApiKey& key);
  ApiResponse stream(const ApiRequest& request, const ApiKey& key, std::string_view query);
  // The fate of a status request naming these tasks: its first task's, for this attempt,
  // held up to `hold` (a long poll) where the model holds requests.
  StatusReply fate_of(const TaskLedger::Request& first, WallClock::time_point now, Duration hold = {});
  // `hold`: what the request asked the server to hold it, which its client waits on top.
  WallClock::duration delay_of(const StatusReply& fate, Duration hold = {}) const;
  std::optional<ApiResponse> rate_limited(const ApiRequest& request, const ApiKey& key);
  void schedule_webhook(const ServedTask& task, const ApiKey& key, const CallbackTarget& target);
  const StatusService& service_of(const ServedTask& task) const;

  const Scenario& scenario_;
  std::span<const ApiKey> keys_;
  BodyRules rules_;
  TimeScale scale_;
  TaskLedger& ledger_;
  ScheduleDelivery schedule_;
  Scrape scrape_;
  std::vector<StatusService> services_;  // one per model, in the scenario's order
  RateLimits rate_limits_;
};

}  // namespace pollbench::sim::server
