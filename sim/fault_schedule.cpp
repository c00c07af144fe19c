#include "sim/fault_schedule.hpp"

#include <cmath>

#include "sim/random_stream.hpp"

namespace pollbench::sim {

FaultSchedule::FaultSchedule(const ModelProfile& model, std::uint64_t seed, std::uint64_t task)
    : model_(&model), seed_(seed), task_(task) {
  if (model.faults.total() > 0) draw_next(0);
}

void FaultSchedule::draw_next(std::uint64_t from) {
  const FaultRates& f = model_->faults;
  const double rate = f.total();
  RandomStream random({seed_, model_->key, task_, Purpose::fault, drawn_++});
  // Requests before the fault: geometric, by inversion of one uniform.
  const double gap = rate >= 1 ? 0 : std::floor(std::log(random.uniform()) / std::log1p(-rate));
  // A gap beyond 2^53 attempts is no fault in any run's lifetime.
  if (gap >= 0x1.0p53) {
    next_ = never;
    return;
  }
  next_ = from + static_cast<std::uint64_t>(gap);
  // Which fault, in proportion to the rates; falling through (rounding) is the last
  // one the model has.
  double u = random.uniform() * rate;
  const std::pair<double, Reply> kinds[] = {
      {f.http_500, Reply::http_500}, {f.http_503, Reply::http_503},
      {f.http_429, Reply::http_429}, {f.connection_reset, Reply::connection_reset},
      {f.timeout, Reply::timeout},   {f.malformed_body, Reply::malformed_body},
  };
  for (const auto& [r, reply] : kinds) {
    if (r <= 0) continue;
    kind_ = reply;
    if (u < r) break;
    u -= r;
  }
}

}  // namespace pollbench::sim
