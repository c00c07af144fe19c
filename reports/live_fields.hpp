#pragma once
// The live section of a results file (`"live"` and its `"agreement"` rows), field by
// field: what reports/json_reporter.cpp writes and reports/result_reader.cpp reads.

#include <tuple>

#include "reports/struct_fields.hpp"

namespace pollbench::reports {

// An agreement row's "noise", read and written as an object of its own.
constexpr auto fields_of(const TimingNoise&) {
  return std::tuple{sim::named("requests", &TimingNoise::requests, sim::Range::non_negative),
                    sim::named("detection_s", &TimingNoise::detection_s, sim::Range::non_negative)};
}

namespace live_fields {

// Before "webhooks", in order.
constexpr std::tuple head{sim::named("target", &LiveRun::target),
                          sim::named("time_scale", &LiveRun::time_scale),
                          sim::named("wall_s", &LiveRun::wall_s, sim::Range::non_negative),
                          sim::named("status_requests", &LiveRun::status_requests),
                          sim::named("connections", &LiveRun::connections),
                          sim::named("requests_never_sent", &LiveRun::requests_never_sent),
                          sim::named("round_trip_ms", &LiveRun::round_trip_ms),
                          sim::named("request_overhead_ms", &LiveRun::request_overhead_ms),
                          sim::named("scheduling_error_ms", &LiveRun::scheduling_error_ms),
                          sim::named("peak_tasks_in_flight", &LiveRun::peak_tasks_in_flight)};
// Inside "webhooks".
constexpr std::tuple webhooks{sim::named("accepted", &LiveRun::webhooks_accepted),
                              sim::named("duplicates", &LiveRun::webhook_duplicates),
                              sim::named("rejected", &LiveRun::webhooks_rejected)};
// After "webhooks", before the "agreement" rows.
constexpr std::tuple tail{
    sim::named("partial", &LiveRun::partial), sim::named("unfinished_tasks", &LiveRun::unfinished_tasks),
    sim::named("sim_request_overhead_ms", &LiveRun::sim_request_overhead_ms, sim::Range::non_negative)};

// An agreement row; "fit" follows it, derived from the rest.
constexpr std::tuple agreement{
    sim::named("strategy", &Agreement::strategy),
    sim::named("model", &Agreement::model),
    sim::named("live_requests", &Agreement::live_requests, sim::Range::non_negative),
    sim::named("sim_requests", &Agreement::sim_requests, sim::Range::non_negative),
    sim::named("plain_sim_requests", &Agreement::plain_sim_requests, sim::Range::non_negative),
    sim::named("live_detection_s", &Agreement::live_detection_s),
    sim::named("sim_detection_s", &Agreement::sim_detection_s),
    sim::named("plain_sim_detection_s", &Agreement::plain_sim_detection_s),
    sim::named("allowed_detection_s", &Agreement::allowed_detection_s, sim::Range::non_negative),
    sim::named("requests_agree", &Agreement::requests_agree),
    sim::named("detection_agree", &Agreement::detection_agree),
    sim::named("noise", &Agreement::noise)};
}  // namespace live_fields

}  // namespace pollbench::reports
