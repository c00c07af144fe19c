#include "sim/server/server_metrics.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <iterator>

#include "sim/reply.hpp"

namespace pollbench::sim::server {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

constexpr Endpoint endpoints[] = {Endpoint::create, Endpoint::status,  Endpoint::batch, Endpoint::stream,
                                  Endpoint::stats,  Endpoint::metrics, Endpoint::none};

// What a delivery's last event says of it: each one ends delivered, abandoned after its
// tries, or lost by the scenario's loss rate. Pending ones and those stop() dropped are not counted.
constexpr std::pair<WebhookEvent, const char*> delivery_outcomes[] = {
    {WebhookEvent::delivered, "delivered"}, {WebhookEvent::abandoned, "abandoned"}, {WebhookEvent::lost, "lost"}};

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

std::string status_label(std::size_t status) {
  return status == ServerMetrics::reset_status ? "reset" : std::to_string(status);
}

std::uint64_t webhooks(const Census& c, WebhookEvent e) { return c.webhooks[static_cast<std::size_t>(e)]; }

}  // namespace

void ServerMetrics::observe(Endpoint endpoint, int status, WallClock::duration took) {
  auto& route = routes_[static_cast<std::size_t>(endpoint)];
  route.by_status[static_cast<std::size_t>(std::clamp(status, 0, 599))].fetch_add(1, relaxed);
  const auto bucket = std::lower_bound(bucket_bounds.begin(), bucket_bounds.end(), took) - bucket_bounds.begin();
  route.buckets[static_cast<std::size_t>(bucket)].fetch_add(1, relaxed);
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(took).count();
  route.sum_ns.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(ns, 0)), relaxed);
}

std::string ServerMetrics::text(const Gauges& gauges) const {
  std::string out;
  requests_text(out);
  durations_text(out);
  auto line = std::back_inserter(out);
  family(out, "pollbench_open_connections", "gauge", "Client connections open now (at most --max-connections).");
  fmt::format_to(line, "pollbench_open_connections {}\n", gauges.open_connections);
  family(out, "pollbench_tasks", "gauge", "Tasks in the journal by the state a status request would show now.");
  for (const auto state : {Reply::waiting, Reply::generating, Reply::success, Reply::failed})
    fmt::format_to(line, "pollbench_tasks{{state=\"{}\"}} {}\n", state_name(state),
                   gauges.census.tasks[static_cast<std::size_t>(state)]);
  family(out, "pollbench_webhook_deliveries_total", "counter",
         "Webhook deliveries ended: delivered, abandoned after 5 tries, or lost by the scenario's loss_rate.");
  for (const auto& [event, name] : delivery_outcomes)
    fmt::format_to(line, "pollbench_webhook_deliveries_total{{outcome=\"{}\"}} {}\n", name,
                   webhooks(gauges.census, event));
  family(out, "pollbench_webhook_attempts_total", "counter", "Webhook POSTs tried, first tries and retries.");
  fmt::format_to(line, "pollbench_webhook_attempts_total {}\n", webhooks(gauges.census, WebhookEvent::sent));
  return out;
}

// Only the (route, status) pairs met so far: a series appears with its first request.
void ServerMetrics::requests_text(std::string& out) const {
  family(out, "pollbench_http_requests_total", "counter",
         "HTTP requests answered, by route pattern and status (\"reset\": an injected connection reset).");
  for (const auto e : endpoints) {
    const auto& route = routes_[static_cast<std::size_t>(e)];
    for (std::size_t s = 0; s < route.by_status.size(); ++s)
      if (const auto n = route.by_status[s].load(relaxed))
        fmt::format_to(std::back_inserter(out), "pollbench_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                       route_pattern(e), status_label(s), n);
  }
}

// Cumulative buckets and _count summed from one read of each bucket, so they agree even
// while other threads count; _sum is read apart and may be a request ahead or behind.
void ServerMetrics::durations_text(std::string& out) const {
  constexpr std::string_view name = "pollbench_http_request_duration_seconds";
  family(out, name, "histogram",
         "From a request read (or refused) to its answer sent or its connection reset, injected latency "
         "included.");
  auto line = std::back_inserter(out);
  for (const auto e : endpoints) {
    const auto& route = routes_[static_cast<std::size_t>(e)];
    std::uint64_t count = 0;
    std::array<std::uint64_t, bucket_bounds.size()> cumulative{};
    for (std::size_t b = 0; b < route.buckets.size(); ++b) {
      count += route.buckets[b].load(relaxed);
      if (b < cumulative.size()) cumulative[b] = count;
    }
    if (count == 0) continue;
    const auto pattern = route_pattern(e);
    for (std::size_t b = 0; b < cumulative.size(); ++b)
      fmt::format_to(line, "{}_bucket{{route=\"{}\",le=\"{}\"}} {}\n", name, pattern,
                     std::chrono::duration<double>(bucket_bounds[b]).count(), cumulative[b]);
    fmt::format_to(line, "{}_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", name, pattern, count);
    fmt::format_to(
        line, "{}_sum{{route=\"{}\"}} {}\n", name, pattern,
        std::chrono::duration<double>(std::chrono::nanoseconds(static_cast<std::int64_t>(route.sum_ns.load(relaxed))))
            .count());
    fmt::format_to(line, "{}_count{{route=\"{}\"}} {}\n", name, pattern, count);
  }
}

}  // namespace pollbench::sim::server
