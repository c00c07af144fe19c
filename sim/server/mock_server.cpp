#include "sim/server/mock_server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <charconv>
#include <condition_variable>
#include <fmt/format.h>
#include <random>
#include <regex>
#include <thread>

#include "sim/input_error.hpp"
#include "sim/server/connection_threads.hpp"
#include "sim/server/task_ledger.hpp"
#include "sim/server/tcp_reset.hpp"
#include "sim/server/webhook_sender.hpp"
#include "sim/status_service.hpp"
#include "sim/token_bucket.hpp"

namespace pollbench::sim::server {

namespace {

using ordered_json = nlohmann::ordered_json;

// The packaged cpp-httplib listens with a backlog of 5, so a burst of connections waits
// out SYN retries. Listening again on the bound socket only lengthens the queue.
class WideBacklogServer : public httplib::Server {
 public:
  bool widen_backlog(int backlog) { return ::listen(svr_sock_, backlog) == 0; }
};

constexpr std::size_t max_batch = 100;

std::string random_hex(std::size_t digits) {
  std::random_device device;
  std::string hex;
  while (hex.size() < digits) hex += fmt::format("{:08x}", device());
  return hex.substr(0, digits);
}

// An allowed callback URL, split as httplib::Client(host, port) takes it.
struct CallbackTarget {
  std::string host;  // without brackets for IPv6
  int port = 80;
  std::string path;
};

void send_json(httplib::Response& res, int status, const ordered_json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  send_json(res, status, {{"code", status}, {"msg", message}});
}

// Wall milliseconds to the microsecond: at high time scales a scenario's seconds are a
// fraction of a millisecond, and whole milliseconds would round a wait to nothing.
double wall_ms(const TimeScale& scale, Duration scenario) {
  return std::round(scale.wall_ms(scenario) * 1000) / 1000;
}

// Retry-After in whole seconds as HTTP has it, and to the microsecond for time scales
// where a scaled wait is under a second.
void send_too_many(httplib::Response& res, double retry_after_ms, const std::string& message) {
  res.set_header("Retry-After", std::to_string(static_cast<long>(std::ceil(retry_after_ms / 1000))));  // never sooner than allowed
  res.set_header("Retry-After-Ms", fmt::format("{}", retry_after_ms));
  send_error(res, 429, message);
}

}  // namespace

struct MockServer::Impl {
  Scenario scenario;
  ServeOptions options;
  TimeScale scale;
  std::vector<ApiKey> keys;
  std::vector<StatusService> services;  // one per model, in the scenario's order
  TaskLedger ledger;
  WebhookSender sender;
  WideBacklogServer http;
  std::thread listener;
  int port = 0;

  std::mutex mutex;  // guards buckets and stopping
  std::condition_variable stopping_changed;
  bool stopping = false;
  std::map<std::string, TokenBucket> buckets;  // the scenario's rate limit, per key
  // Compiled here, before any connection thread: libstdc++ compiles a regex through the
  // locale's ctype cache, which two threads compiling at once write together.
  const std::regex callback_url_pattern{R"(^(http://(\[[0-9a-fA-F:]+\]|[^/:\[\]]+)(:[0-9]{1,5})?)(/.*)?$)"};
  WallClock::time_point started = WallClock::now();

  Impl(Scenario s, ServeOptions o)
      : scenario(std::move(s)), options(std::move(o)), scale{options.time_scale}, ledger(scenario, scale),
        sender(scale, ledger) {
    keys = scenario.api_keys.empty() ? std::vector<ApiKey>{{"pk-dev-" + random_hex(16), "whsec-" + random_hex(32)}}
                                     : scenario.api_keys;
    // The client's timeout is the client's business: the server answers when it answers.
    for (const auto& m : scenario.models) services.emplace_back(m, scenario.seed, Duration::max());
    routes();
  }

  // Waits in wall time, cut short by stop(); false when stopping.
  bool pause(WallClock::duration wait) {
    if (wait <= WallClock::duration::zero()) return true;
    std::unique_lock lock(mutex);
    return !stopping_changed.wait_for(lock, wait, [&] { return stopping; });
  }

  const ApiKey* authorised(const httplib::Request& req) const {
    const auto header = req.get_header_value("Authorization");
    if (!header.starts_with("Bearer ")) return nullptr;
    const auto presented = std::string_view(header).substr(7);
    for (const auto& k : keys)
      if (presented == k.key) return &k;
    return nullptr;
  }

  const StatusService& service_of(const ServedTask& t) const {
    return services[static_cast<std::size_t>(t.model - scenario.models.data())];
  }

  // Loopback, or a host the operator allowed; nothing for any other URL.
  std::optional<CallbackTarget> callback_target(const std::string& url) const {
    std::smatch m;
    if (!std::regex_match(url, m, callback_url_pattern)) return std::nullopt;
    const auto host = m[2].str();
    const bool allowed = host == "127.0.0.1" || host == "localhost" || host == "[::1]" ||
                         std::find(options.callback_hosts.begin(), options.callback_hosts.end(), host) !=
                             options.callback_hosts.end();
    if (!allowed) return std::nullopt;
    const auto bare = host.starts_with('[') ? host.substr(1, host.size() - 2) : host;
    const int port = m[3].matched ? std::stoi(m[3].str().substr(1)) : 80;
    return CallbackTarget{bare, port, m[4].matched ? m[4].str() : "/"};
  }

  // The status record of a task as the document's API returns it in `data`.
  ordered_json record(const ServedTask& t, Reply state, Duration poll_after) const {
    ordered_json data = {{"taskId", t.id}, {"model", t.model->name}, {"state", state_name(state)},
                         {"param", t.param}, {"resultJson", ""}, {"failCode", ""}, {"failMsg", ""}};
    if (state == Reply::success)
      data["resultJson"] = ordered_json{{"resultUrls", {fmt::format("https://files.pollbench.invalid/{}/0.png", t.id)}}}.dump();
    if (state == Reply::failed) {
      data["failCode"] = t.model->failure.code;
      data["failMsg"] = t.model->failure.message;
    }
    if (poll_after > Duration{}) data["pollAfterMs"] = wall_ms(scale, poll_after);
    return data;
  }

  // Plays out a fault, or returns false for a normal answer. The response's delay has
  // already passed, and the fault is already in the journal. `body` makes the normal
  // answer, for the faults that send it, cut or late.
  template <class MakeBody>
  bool fault(const StatusReply& answer, const httplib::Request& req, httplib::Response& res, const MakeBody& body) {
    if (!is_error(answer.reply)) return false;
    switch (answer.reply) {
      case Reply::http_500: send_error(res, 500, "internal server error (injected)"); break;
      case Reply::http_503: send_error(res, 503, "service unavailable (injected)"); break;
      case Reply::http_429: send_too_many(res, wall_ms(scale, answer.retry_after), "too many requests (injected)"); break;
      case Reply::connection_reset:
        reset_connection(req.local_port, req.remote_addr, req.remote_port);
        res.status = 500;  // never reaches the client: its socket is gone
        break;
      case Reply::malformed_body: {
        const auto text = body().dump();
        res.status = 200;
        res.set_content(text.substr(0, text.size() / 2), "application/json");
        break;
      }
      default: send_json(res, 200, body()); break;  // a stall that outlived its client
    }
    return true;
  }

  // The wait before answering: the model's response time, or for a stall twice the
  // scenario's client timeout, so that any client following the scenario gives up first.
  WallClock::duration delay_of(const StatusReply& answer) const {
    return scale.to_wall(answer.reply == Reply::timeout ? 2 * scenario.request_timeout : answer.latency);
  }

  // A 429 from the scenario's rate limit, if it applies: per key, and within a key per
  // X-Pollbench-Client, so that one key can stand for the scenario's many clients.
  bool rate_limited(const ApiKey& key, const httplib::Request& req, WallClock::time_point now, httplib::Response& res) {
    if (scenario.rate_limit.requests_per_s <= 0) return false;
    std::optional<Duration> retry_after;
    {
      std::lock_guard lock(mutex);
      const auto client = key.key + '\n' + req.get_header_value("X-Pollbench-Client");
      auto& bucket = buckets.try_emplace(client, scenario.rate_limit).first->second;
      retry_after = bucket.refuse(Time{scale.to_scenario(now - started)});
    }
    if (!retry_after) return false;
    ledger.rate_limited();
    send_too_many(res, wall_ms(scale, *retry_after), "too many requests");
    return true;
  }

  void create(const httplib::Request& req, httplib::Response& res) {
    const ApiKey* key = authorised(req);
    if (!key) return send_error(res, 401, "missing or unknown API key");
    const auto* model = scenario.find_model(req.matches[1].str());
    if (!model) return send_error(res, 404, fmt::format("unknown model \"{}\"", req.matches[1].str()));
    const auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) return send_error(res, 400, "body is not a JSON object");
    const auto type = body.value("request_type", nlohmann::json());
    if (!type.is_string() || (type != "async" && type != "callback"))
      return send_error(res, 422, fmt::format("request_type: expected \"async\" or \"callback\", got {}", type.dump()));
    const auto input = body.value("input", nlohmann::json());
    if (!input.is_object()) return send_error(res, 422, fmt::format("input: expected an object, got {}", input.dump()));
    std::string callback_url;
    std::optional<CallbackTarget> target;
    if (type == "callback") {
      const auto url = body.value("callback_url", nlohmann::json());
      if (!url.is_string()) return send_error(res, 422, fmt::format("callback_url: expected a URL, got {}", url.dump()));
      target = callback_target(url);
      if (!target) return send_error(res, 422, fmt::format("callback_url: not an allowed http:// URL: {}", url.dump()));
      callback_url = url;
    }
    std::optional<std::uint64_t> index;
    if (req.has_header("X-Pollbench-Task-Index")) {
      const auto text = req.get_header_value("X-Pollbench-Task-Index");
      std::uint64_t n = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec != std::errc{} || end != text.data() + text.size())
        return send_error(res, 422, fmt::format("X-Pollbench-Task-Index: expected a task number, got \"{}\"", text));
      index = n;
    }
    const auto series = req.get_header_value("X-Pollbench-Series");
    const bool series_ok = series.size() <= 40 && std::all_of(series.begin(), series.end(), [](unsigned char c) {
      return std::isalnum(c) || c == '_';
    });
    if (!series_ok)
      return send_error(res, 422, fmt::format("X-Pollbench-Series: expected up to 40 letters, digits or _, got \"{}\"", series));
    const auto* task = ledger.create(key->key, *model, input.dump(), callback_url, WallClock::now(), index, series);
    if (!task) return send_error(res, 409, fmt::format("task {} of {} already exists in this series", index.value_or(0), model->name));
    if (target) schedule_webhook(*task, *key, *target);
    send_json(res, 200, {{"code", 200}, {"msg", "success"}, {"data", {{"taskId", task->id}}}});
  }

  void schedule_webhook(const ServedTask& t, const ApiKey& key, const CallbackTarget& target) {
    const auto fate = service_of(t).webhook(t.truth, t.index);
    if (!t.truth.finishes()) return;  // a hang never calls back
    if (!fate.delivered) return ledger.webhook(WebhookEvent::lost);
    const auto state = t.truth.outcome == Outcome::failed ? Reply::failed : Reply::success;
    const ordered_json payload = {{"code", 200}, {"msg", "success"}, {"data", record(t, state, {})}};
    const auto due = t.created + scale.to_wall(fate.first_at);
    for (std::uint32_t copy = 0; copy < fate.copies; ++copy) {
      ledger.webhook(copy == 0 ? WebhookEvent::scheduled : WebhookEvent::duplicated);
      sender.schedule({t.id, target.host, target.port, target.path, payload.dump(), key.webhook_secret, 0, copy > 0},
                      due + copy * scale.to_wall(std::chrono::seconds{1}));
    }
  }

  void status(const httplib::Request& req, httplib::Response& res) {
    const ApiKey* key = authorised(req);
    if (!key) return send_error(res, 401, "missing or unknown API key");
    const auto id = req.get_param_value("taskId");
    if (id.empty()) return send_error(res, 422, "taskId: required query parameter");
    const auto now = WallClock::now();
    const auto found = ledger.request({id}, key->key);
    if (!found) return send_error(res, 404, fmt::format("unknown task \"{}\"", id));
    if (rate_limited(*key, req, now, res)) return;
    const auto [task, attempt] = found->front();
    const auto at = scale.to_scenario(now - task->created);
    const auto answer = service_of(*task).status(task->truth, task->index, attempt, at);
    if (is_error(answer.reply)) ledger.fault(answer.reply);  // counted when injected, even if the client leaves
    if (!pause(delay_of(answer))) return send_error(res, 503, "server stopping");
    const auto body = [&] {
      const auto state = is_error(answer.reply) ? state_at(task->truth, at) : answer.reply;
      return ordered_json{{"code", 200}, {"msg", "success"}, {"data", record(*task, state, answer.poll_after)}};
    };
    if (fault(answer, req, res, body)) return;
    if (is_terminal(answer.reply)) ledger.shown_terminal(*task, at + answer.latency - task->truth.terminal_at);
    send_json(res, 200, body());
  }

  // Many tasks' status in one request. The request's fate (delay, fault) is its first
  // task's, drawn from that task's stream for this attempt.
  void batch(const httplib::Request& req, httplib::Response& res) {
    const ApiKey* key = authorised(req);
    if (!key) return send_error(res, 401, "missing or unknown API key");
    const auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) return send_error(res, 400, "body is not a JSON object");
    const auto ids = body.value("taskIds", nlohmann::json());
    if (!ids.is_array() || ids.empty() || ids.size() > max_batch)
      return send_error(res, 422, fmt::format("taskIds: expected 1 to {} task ids, got {}", max_batch, ids.dump()));
    std::vector<std::string> names;
    for (const auto& id : ids) {
      if (!id.is_string()) return send_error(res, 422, fmt::format("taskIds: not a task id: {}", id.dump()));
      names.push_back(id);
    }
    const auto now = WallClock::now();
    const auto found = ledger.request(names, key->key);
    if (!found) return send_error(res, 404, "taskIds: an unknown task among them");
    if (rate_limited(*key, req, now, res)) return;
    const auto [first, attempt] = found->front();
    const auto fate = service_of(*first).status(first->truth, first->index, attempt, scale.to_scenario(now - first->created));
    if (is_error(fate.reply)) ledger.fault(fate.reply);
    if (!pause(delay_of(fate))) return send_error(res, 503, "server stopping");
    ordered_json records = ordered_json::array();
    std::vector<std::pair<const ServedTask*, Duration>> shown;
    for (const auto& [t, n] : *found) {
      const auto at = scale.to_scenario(now - t->created);
      const auto state = state_at(t->truth, at);
      records.push_back(record(*t, state, {}));
      if (is_terminal(state)) shown.emplace_back(t, at + fate.latency - t->truth.terminal_at);
    }
    const ordered_json answer = {{"code", 200}, {"msg", "success"}, {"data", std::move(records)}};
    if (fault(fate, req, res, [&] { return answer; })) return;
    for (const auto& [t, detection] : shown) ledger.shown_terminal(*t, detection);
    send_json(res, 200, answer);
  }

  void routes() {
    http.Post(R"(/generateTask/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) { create(req, res); });
    http.Get("/recordInfo", [this](const httplib::Request& req, httplib::Response& res) { status(req, res); });
    http.Post("/recordInfo/batch", [this](const httplib::Request& req, httplib::Response& res) { batch(req, res); });
    http.Get("/admin/stats", [this](const httplib::Request&, httplib::Response& res) {
      send_json(res, 200, ledger.stats(WallClock::now()));
    });
    // Every error the library raises itself (no route, body too large) in the API's shape.
    http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      const auto message = res.status == 413   ? std::string("request body too large")
                           : res.status == 404 ? fmt::format("no such endpoint: {} {}", req.method, req.path)
                                               : fmt::format("HTTP {}", res.status);
      send_error(res, res.status, message);
      return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      send_error(res, 500, "internal error");
    });
    http.set_payload_max_length(options.max_body_bytes);
    http.set_keep_alive_max_count(1000000);
    http.set_tcp_nodelay(true);
    // cpp-httplib owns and deletes the queue it is handed.
    http.new_task_queue = [max = options.max_connections] { return std::make_unique<ConnectionThreads>(max).release(); };
  }
};

MockServer::MockServer(Scenario scenario, ServeOptions options) {
  if (!(options.time_scale > 0) || !std::isfinite(options.time_scale))
    throw InputError("--time-scale", fmt::format("must be a positive number, got {}", options.time_scale));
  if (options.port < 0 || options.port > 65535) throw InputError("--port", fmt::format("must be 0 to 65535, got {}", options.port));
  impl_ = std::make_unique<Impl>(std::move(scenario), std::move(options));
}

MockServer::~MockServer() { stop(); }

int MockServer::start() {
  auto& i = *impl_;
  const auto& o = i.options;
  i.port = o.port == 0 ? i.http.bind_to_any_port(o.host) : (i.http.bind_to_port(o.host, o.port) ? o.port : -1);
  if (i.port < 0) throw InputError("--port", fmt::format("cannot listen on {}:{}", o.host, o.port));
  i.http.widen_backlog(SOMAXCONN);
  i.listener = std::thread([&i] { i.http.listen_after_bind(); });
  // cpp-httplib's stop() does nothing before the listen loop has begun.
  while (!i.http.is_running()) std::this_thread::yield();
  return i.port;
}

void MockServer::stop() {
  auto& i = *impl_;
  {
    std::lock_guard lock(i.mutex);
    i.stopping = true;
  }
  i.stopping_changed.notify_all();
  i.http.stop();
  if (i.listener.joinable()) i.listener.join();
  i.sender.stop();
}

const std::vector<ApiKey>& MockServer::api_keys() const { return impl_->keys; }

nlohmann::ordered_json MockServer::stats() const { return impl_->ledger.stats(WallClock::now()); }

}  // namespace pollbench::sim::server
