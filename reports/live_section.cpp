#include "reports/live_section.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "reports/agreement.hpp"
#include "reports/units.hpp"

namespace pollbench::reports {

namespace {

// Scheduling errors and loopback round trips are fractions of a millisecond.
std::string ms(double value) { return fmt::format("{:.3f} ms", value); }

std::string detection(const std::optional<double>& s) { return s ? human_duration(*s) : "-"; }

std::string signed_percent(double live, double sim) {
  if (sim == 0) return live == 0 ? "0%" : "n/a";
  return fmt::format("{:+.1f}%", 100 * (live - sim) / sim);
}

std::string count(std::uint64_t n) { return human_count(static_cast<double>(n)); }

// What the run measured of itself, a line each.
std::vector<std::string> run_facts(const LiveRun& live) {
  std::vector<std::string> facts;
  facts.push_back(fmt::format("live against {}, time scale {}: {} of wall time, {} status requests over {} connections",
                              live.target, live.time_scale, human_duration(live.wall_s), count(live.status_requests),
                              count(live.connections)));
  facts.push_back(
      fmt::format("round trip of a submission: p50 {}, p99 {}; a status request beyond its drawn response "
                  "time: p50 {}, p99 {}",
                  ms(live.round_trip_ms.p50), ms(live.round_trip_ms.p99), ms(live.request_overhead_ms.p50),
                  ms(live.request_overhead_ms.p99)));
  facts.push_back(fmt::format("scheduling error (sent against wanted): p50 {}, p99 {}, max {}; peak tasks in flight {}",
                              ms(live.scheduling_error_ms.p50), ms(live.scheduling_error_ms.p99),
                              ms(live.scheduling_error_ms.max), count(live.peak_tasks_in_flight)));
  if (live.requests_never_sent > 0)
    facts.push_back(
        fmt::format("{} status requests timed out waiting for a free connection and never reached the "
                    "server; their tasks' later fault draws are one attempt off the simulator's",
                    count(live.requests_never_sent)));
  if (live.webhooks_accepted + live.webhook_duplicates + live.webhooks_rejected > 0)
    facts.push_back(fmt::format("webhooks: {} accepted, {} duplicates ignored, {} refused (bad signature)",
                                live.webhooks_accepted, live.webhook_duplicates, live.webhooks_rejected));
  return facts;
}

// How the rows agree with the simulation: a summary line and a row a pair.
void add_agreement(const LiveRun& live, LiveSection& s) {
  const auto fits = [&](Fit f) {
    return std::count_if(live.agreement.begin(), live.agreement.end(),
                         [&](const Agreement& a) { return fit_of(a) == f; });
  };
  s.facts.push_back(
      fmt::format("agreement with the simulation of the same seed, each simulated request charged the {} a live one "
                  "paid beyond its "
                  "drawn response time and its wanted moment (mean requests within 2%, mean detection within 5% plus "
                  "that overhead): "
                  "{} of {} rows agree, {} more within their timing noise (3 standard errors of the per-task "
                  "differences), {} differ",
                  ms(live.sim_request_overhead_ms), fits(Fit::agrees), live.agreement.size(), fits(Fit::within_noise),
                  fits(Fit::differs)));
  s.agreement = {{"strategy", "model", "req live", "req sim", "diff", "plain sim", "detect live", "detect sim",
                  "allowed", "plain sim", "noise", "fit"},
                 {},
                 2,
                 {},
                 true};
  for (const auto& a : live.agreement) {
    const auto fit = fit_of(a);
    const auto what = fit == Fit::agrees                        ? "agrees"
                      : fit == Fit::within_noise                ? "within noise"
                      : !a.requests_agree && !a.detection_agree ? "DIFFERS: both"
                      : !a.requests_agree                       ? "DIFFERS: requests"
                                                                : "DIFFERS: detection";
    s.agreement.rows.push_back({a.strategy, a.model, fmt::format("{:.3f}", a.live_requests),
                                fmt::format("{:.3f}", a.sim_requests), signed_percent(a.live_requests, a.sim_requests),
                                fmt::format("{:.3f}", a.plain_sim_requests), detection(a.live_detection_s),
                                detection(a.sim_detection_s), "±" + human_duration(a.allowed_detection_s),
                                detection(a.plain_sim_detection_s), "±" + human_duration(a.noise.detection_s), what});
    s.only_agrees.push_back(fit == Fit::agrees);
  }
}

}  // namespace

LiveSection live_section(const LiveRun& live) {
  LiveSection s;
  if (live.partial)
    s.partial_banner = fmt::format(
        "PARTIAL RUN ({} after {}): the rows cover only the tasks that ended; {} tasks still in "
        "flight are left out, so slow tasks are under-represented.",
        *live.partial, human_duration(live.wall_s), count(live.unfinished_tasks));
  s.facts = run_facts(live);
  if (!live.agreement.empty()) add_agreement(live, s);
  return s;
}

void write_partial_banner(const LiveSection& section, std::ostream& out) {
  if (section.partial_banner) out << *section.partial_banner << "\n\n";
}

void write_live_section(const LiveSection& section, std::ostream& out, bool markdown) {
  out << '\n';
  for (const auto& fact : section.facts) out << (markdown ? "- " : "") << fact << '\n';
  TextTable table = section.agreement;
  if (!markdown) {
    table.rows.clear();
    for (std::size_t i = 0; i < section.agreement.rows.size(); ++i)
      if (!section.only_agrees[i]) table.rows.push_back(section.agreement.rows[i]);
  }
  if (table.rows.empty()) return;
  out << '\n';
  if (markdown)
    write_markdown(table, out);
  else
    write_aligned(table, out);
}

}  // namespace pollbench::reports
