#pragma once
// What every (strategy, model) pair of a live run shares: the io_context its one thread
// runs, the HTTP client, the time scale, the callback registry, and the run's own
// measurements. It counts the work still scheduled (timers and requests) so the run
// knows when it is over.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench/live/event_stream_client.hpp"
#include "bench/live/http_client.hpp"
#include "bench/live/status_answer.hpp"
#include "bench/live/webhook_receiver.hpp"
#include "bench/drivers/sim_driver.hpp"
#include "sim/server/time_scale.hpp"

namespace pollbench::bench::live {

struct Endpoint {
  std::string host;
  int port = 0;
  std::string api_key;
};

class LiveContext {
 public:
  using TimerId = std::uint64_t;

  LiveContext(const sim::Scenario& scenario, const Endpoint& endpoint, sim::server::TimeScale scale, std::string run_id,
              std::size_t max_connections);

  boost::asio::io_context io{1};  // first: every other member may hold work on it
  HttpClient http;
  const sim::Scenario& scenario;
  const sim::server::TimeScale scale;
  const std::string api_key;
  const std::string run_id;  // keeps this run's task ids apart from any earlier run's on the same server
  std::string callback_url;  // the webhook receiver's, when a strategy listens
  Clock::time_point start;

  Clock::time_point wall(Clock::time_point base, sim::Duration scenario_time) const {
    return base + scale.to_wall(scenario_time);
  }
  sim::Duration since(Clock::time_point base, Clock::time_point t) const { return scale.to_scenario(t - base); }

  // Counted work: the run is over once none is left (and no awaited callback can come).
  // A cancelled timer's work never runs, even if its time had come.
  TimerId after(Clock::time_point when, std::function<void()> work);
  void cancel(TimerId timer);

  // Submits scenario task `task` of `world`'s model within `series`; `created` hears the
  // task id (empty when the submission failed) and when the answer came.
  void submit(const ModelWorld& world, std::uint64_t task, const std::string& series, bool with_callback,
              std::function<void(std::string, Clock::time_point)> created);
  // One status request for `ids` (a batch when more than one), sent now for a poll the
  // strategy wanted at `wanted`; `client` names the scenario client whose rate limit it uses.
  // With `hold`, asks the server to hold it that long (Prefer: wait), and waits for it as
  // much longer.
  void status(const std::vector<std::string>& ids, const std::string& client, Clock::time_point wanted,
              std::function<void(const HttpExchange&)> answered, sim::Duration hold = {});
  // Opens the task's event stream (GET /stream) now, for a listen the strategy wanted at
  // `wanted`, resuming after event `seen`; counted as work until it ends or is closed.
  std::shared_ptr<EventStreamClient> stream(const std::string& id, const std::string& client,
                                            std::optional<std::uint32_t> seen, Clock::time_point wanted,
                                            EventStreamClient::Handlers handlers);
  // The end of a stream's counted work: once per stream, when it ended or was closed.
  void stream_done();

  // The first copy of a task's callback goes to whoever listens for its id. One that
  // came before its task's submission was answered waits for hear_early().
  void listen(const std::string& task_id, std::function<void(const Callback&)> heard);
  void hear_early(const std::string& task_id);
  void deliver(const Callback& callback);

  void task_started();
  void task_ended();

  bool idle() const { return work_ == 0; }
  // Runs whenever the counted work drops to zero.
  std::function<void()> on_idle;
  std::function<void()> on_task_end;

  // A server that refuses every submission (another key's quota, a full journal, a model
  // it does not play) would be measured as a run of errors: this many refusals in a row
  // end the run instead, and `aborted` says why.
  static constexpr std::uint64_t max_refusals_in_a_row = 100;
  std::optional<std::string> aborted;
  std::function<void()> on_abort;

  struct Measurements {
    std::vector<double> scheduling_error_ms;
    std::vector<double> round_trip_ms;        // submissions, which the server answers at once
    std::vector<double> request_overhead_ms;  // status requests: beyond the response time the scenario drew
    std::uint64_t status_requests = 0;
    std::uint64_t tasks_in_flight = 0, peak_tasks_in_flight = 0;
    std::function<void(std::uint64_t)> on_status_answer;  // hears the running count; for tests
  } measured;

 private:
  void done_with_work();
  void note_submission_answer(const HttpExchange& exchange);

  std::uint64_t work_ = 0;
  std::unordered_map<TimerId, Timer> timers_;  // a cancelled timer's entry is gone
  TimerId next_timer_ = 1;
  std::unordered_map<std::string, std::function<void(const Callback&)>> listeners_;
  std::unordered_map<std::string, Callback> early_;
  std::uint64_t refusals_in_a_row_ = 0;
};

}  // namespace pollbench::bench::live
