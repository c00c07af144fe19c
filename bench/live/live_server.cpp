#include "bench/live/live_server.hpp"

#include <httplib.h>
#include <sys/resource.h>

#include <cmath>
#include <fmt/format.h>
#include <optional>
#include <string_view>
#include <utility>

#include "sim/input_error.hpp"

namespace pollbench::bench::live {

namespace {

Server in_process_server(const sim::Scenario& scenario, sim::server::TimeScale time_scale) {
  Server s;
  sim::server::ServeOptions options;
  options.time_scale = time_scale.factor();
  s.in_process = std::make_unique<sim::server::MockServer>(scenario, options);
  s.endpoint = {"127.0.0.1", s.in_process->start(), s.in_process->api_keys().front().key};
  s.webhook_secret = s.in_process->api_keys().front().webhook_secret;
  s.described = fmt::format("in-process mock server (127.0.0.1:{})", s.endpoint.port);
  s.scale = time_scale;
  return s;
}

// http://host:port with an optional final slash, the host a name, an IPv4 address or
// a bracketed IPv6 one. By hand, not std::regex: a long flag would overflow its recursion.
std::optional<std::pair<std::string, int>> host_and_port(std::string_view url) {
  constexpr std::string_view scheme = "http://";
  if (!url.starts_with(scheme)) return std::nullopt;
  url.remove_prefix(scheme.size());
  if (url.ends_with('/')) url.remove_suffix(1);
  const auto colon = url.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto host = url.substr(0, colon);
  const auto port = url.substr(colon + 1);
  if (host.starts_with('[')) {
    if (host.size() < 3 || !host.ends_with(']')) return std::nullopt;
    host = host.substr(1, host.size() - 2);
    if (host.find_first_not_of("0123456789abcdefABCDEF:") != std::string_view::npos) return std::nullopt;
  } else if (host.empty() || host.find_first_of("/:") != std::string_view::npos) {
    return std::nullopt;
  }
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  const int number = std::stoi(std::string(port));
  if (number < 1 || number > 65535) return std::nullopt;
  return std::pair{std::string(host), number};
}

Server target_server(const sim::Scenario& scenario, const LiveOptions& o,
                     std::optional<sim::server::TimeScale> wanted) {
  const auto address = host_and_port(o.target);
  if (!address)
    throw InputError("--target", fmt::format("expected http://host:port, got \"{}\"",
                                             o.target.size() > 200 ? o.target.substr(0, 200) + "..." : o.target));
  if (o.api_key.empty()) throw InputError("--api-key", "required with --target");
  Server s;
  const auto& [host, port] = *address;
  s.endpoint = {host, port, o.api_key};
  s.described = o.target;
  s.webhook_secret = o.webhook_secret;
  httplib::Client client(host, s.endpoint.port);
  client.set_connection_timeout(std::chrono::seconds{5});
  client.set_read_timeout(std::chrono::seconds{30});
  const auto answer = client.Get("/admin/stats");
  if (!answer || answer->status != 200)
    throw InputError(
        "--target",
        fmt::format("{} did not answer GET /admin/stats: a live run needs a server that says which scenario it plays",
                    o.target));
  const auto stats = nlohmann::json::parse(answer->body, nullptr, false);
  if (!stats.is_object() || !stats.contains("scenario") || !stats.contains("seed") || !stats.contains("time_scale"))
    throw InputError("--target",
                     fmt::format("{}'s /admin/stats does not name its scenario, seed and time scale", o.target));
  if (stats["scenario"] != scenario.name || stats["seed"] != scenario.seed)
    throw InputError(
        "--target",
        fmt::format("{} plays scenario {} with seed {}, this run {} with seed {}: pass the same --scenario and --seed",
                    o.target, stats["scenario"].dump(), stats["seed"].dump(), scenario.name, scenario.seed));
  const auto factor = stats["time_scale"].is_number() ? stats["time_scale"].get<double>() : 0.0;
  if (!(factor > 0) || !std::isfinite(factor))
    throw InputError("--target",
                     fmt::format("{}'s /admin/stats gives time scale {}", o.target, stats["time_scale"].dump()));
  s.scale = sim::server::TimeScale(factor);
  if (wanted && std::abs(wanted->factor() - factor) > 1e-9 * factor)
    throw InputError("--time-scale",
                     fmt::format("{} runs at time scale {}, not {}", o.target, factor, wanted->factor()));
  return s;
}

}  // namespace

// The client's share of open files. The soft limit (often 1,024) is raised to the hard
// one; an in-process server holds the other end of every connection, so it gets half.
std::size_t connection_budget(bool server_in_process) {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
    getrlimit(RLIMIT_NOFILE, &files);
  }
  constexpr rlim_t reserve = 256;  // the receiver, the server's listener and webhook sender, files
  const auto usable = files.rlim_cur > reserve ? files.rlim_cur - reserve : 16;
  return std::clamp<std::size_t>(static_cast<std::size_t>(server_in_process ? usable / 2 : usable), 16, 2048);
}

Server open_server(const sim::Scenario& scenario, const LiveOptions& options) {
  std::optional<sim::server::TimeScale> wanted;
  if (options.time_scale) wanted.emplace(*options.time_scale);  // checked here, before any connection
  return options.target.empty() ? in_process_server(scenario, wanted.value_or(sim::server::TimeScale(1)))
                                : target_server(scenario, options, wanted);
}

}  // namespace pollbench::bench::live
