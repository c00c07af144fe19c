#include "sim/event_stream.hpp"

#include <algorithm>
#include <utility>

#include "sim/limits.hpp"
#include "sim/random_stream.hpp"
#include "sim/status_service.hpp"

namespace pollbench::sim {

namespace {

constexpr int progress_steps = 20;  // an event every 5%

}  // namespace

EventStream::EventStream(const ModelProfile& model, const TaskTruth& truth, const ProgressReport& progress,
                         std::uint64_t seed, std::uint64_t task)
    : idle_cut_(model.event_stream.idle_cut),
      loss_rate_(model.event_stream.event_loss_rate),
      seed_(seed),
      model_key_(model.key),
      task_(task) {
  const auto add = [&](Duration at) {
    events_.push_back({static_cast<std::uint32_t>(events_.size()), at, state_at(truth, at), progress.at(at)});
  };
  add(Duration{});
  if (truth.generating_at > Duration{} && truth.generating_at < truth.terminal_at) add(truth.generating_at);
  for (int k = 1; k < progress_steps; ++k)
    if (const auto at = progress.reaches(static_cast<double>(k) / progress_steps); at && *at > events_.back().at)
      add(*at);
  if (truth.finishes()) add(truth.terminal_at);
}

bool EventStream::lost(const StreamEvent& e) const {
  if (loss_rate_ <= 0) return false;
  return RandomStream({seed_, model_key_, task_, Purpose::stream, e.id}).uniform() < loss_rate_;
}

EventStream::Connection::Connection(const EventStream& stream, Duration opened, std::optional<std::uint32_t> seen)
    : stream_(&stream), quiet_since_(opened), closes_at_(opened + from_seconds(limits::max_hold_s)) {
  const auto& events = stream.events_;
  next_ = static_cast<std::size_t>(std::upper_bound(events.begin(), events.end(), opened,
                                                    [](Duration t, const StreamEvent& e) { return t < e.at; }) -
                                   events.begin());
  // The latest event so far, unless the client saw it: what a reconnect missed.
  if (next_ > 0 && (!seen || events[next_ - 1].id > *seen)) snapshot_ = next_ - 1;
}

StreamHappening EventStream::Connection::next() {
  if (ended_) return {Duration::max(), std::nullopt};
  const auto& s = *stream_;
  if (snapshot_) {
    const auto& event = s.events_[*std::exchange(snapshot_, std::nullopt)];
    if (is_terminal(event.state)) ended_ = true;
    return {quiet_since_, std::optional{event}};
  }
  const auto cut_at = [&] {
    return s.idle_cut_ > Duration{} ? std::min(closes_at_, quiet_since_ + s.idle_cut_) : closes_at_;
  };
  for (; next_ < s.events_.size(); ++next_) {
    const auto& e = s.events_[next_];
    if (e.at > cut_at()) break;
    if (s.lost(e)) {
      if (!is_terminal(e.state)) continue;
      ended_ = true;  // the server closes after its terminal event, which never came
      return {e.at, std::nullopt};
    }
    quiet_since_ = e.at;
    ++next_;
    if (is_terminal(e.state)) ended_ = true;
    return {e.at, std::optional{e}};
  }
  ended_ = true;
  return {cut_at(), std::nullopt};
}

}  // namespace pollbench::sim
