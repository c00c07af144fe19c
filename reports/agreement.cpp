#include "reports/agreement.hpp"

#include <algorithm>
#include <cmath>

namespace pollbench::reports {

namespace {

const ResultRecord* row_of(const std::vector<ResultRecord>& rows, const ResultRecord& like) {
  const auto it = std::find_if(rows.begin(), rows.end(),
                               [&](const auto& r) { return r.strategy == like.strategy && r.model == like.model; });
  return it == rows.end() ? nullptr : &*it;
}

std::optional<double> mean_detection(const ResultRecord& r) {
  return r.detected > 0 ? std::optional{r.detection_latency_s.mean} : std::nullopt;
}

}  // namespace

std::vector<Agreement> compare_live_with_sim(const std::vector<ResultRecord>& live,
                                             const std::vector<ResultRecord>& sim,
                                             const std::vector<ResultRecord>& plain_sim, double round_trip_s,
                                             const std::vector<TimingNoise>& noise) {
  std::vector<Agreement> rows;
  for (std::size_t i = 0; i < live.size(); ++i) {
    const auto& l = live[i];
    const auto* s = row_of(sim, l);
    const auto* plain = row_of(plain_sim, l);
    if (!s || !plain) continue;
    Agreement a;
    a.strategy = l.strategy;
    a.model = l.model;
    a.live_requests = l.requests.mean;
    a.sim_requests = s->requests.mean;
    // The tiny slack keeps equal means from failing on rounding, as with webhooks' zero.
    a.requests_agree = std::abs(a.live_requests - a.sim_requests) <= requests_tolerance * a.sim_requests + 1e-9;
    a.plain_sim_requests = plain->requests.mean;
    a.live_detection_s = mean_detection(l);
    a.sim_detection_s = mean_detection(*s);
    a.plain_sim_detection_s = mean_detection(*plain);
    a.allowed_detection_s = detection_tolerance * a.sim_detection_s.value_or(0) + round_trip_s;
    a.detection_agree = a.live_detection_s && a.sim_detection_s
                            ? std::abs(*a.live_detection_s - *a.sim_detection_s) <= a.allowed_detection_s
                            : !a.live_detection_s && !a.sim_detection_s;
    if (i < noise.size()) a.noise = noise[i];
    rows.push_back(std::move(a));
  }
  return rows;
}

Fit fit_of(const Agreement& a) {
  if (a.requests_agree && a.detection_agree) return Fit::agrees;
  const bool requests =
      std::abs(a.live_requests - a.sim_requests) <= requests_tolerance * a.sim_requests + a.noise.requests + 1e-9;
  const bool detection = a.live_detection_s && a.sim_detection_s ? std::abs(*a.live_detection_s - *a.sim_detection_s) <=
                                                                       a.allowed_detection_s + a.noise.detection_s
                                                                 : a.detection_agree;
  return requests && detection ? Fit::within_noise : Fit::differs;
}

const char* fit_name(Fit fit) {
  constexpr const char* names[] = {"agrees", "within noise", "differs"};  // in Fit's order
  return names[static_cast<std::size_t>(fit)];
}

}  // namespace pollbench::reports
