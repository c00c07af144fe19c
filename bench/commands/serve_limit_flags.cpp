#include "bench/commands/serve_limit_flags.hpp"

#include "bench/commands/flags.hpp"

namespace pollbench::bench {

namespace {

// A deadline given in whole milliseconds on the command line, kept as a duration: from
// 1 ms to a day.
void add_deadline(CLI::App& serve, const std::string& name, std::chrono::milliseconds& deadline,
                  const std::string& what) {
  serve
      .add_option_function<std::int64_t>(
          name, [&deadline](std::int64_t ms) { deadline = std::chrono::milliseconds{ms}; }, what)
      ->check(whole_number(1, 86'400'000))
      ->default_str(std::to_string(deadline.count()));
}

void add_limit(CLI::App& serve, const std::string& name, std::size_t& limit, std::uint64_t most,
               const std::string& what) {
  serve.add_option(name, limit, what)->check(whole_number(1, most))->capture_default_str();
}

constexpr std::uint64_t mib = 1 << 20;

}  // namespace

void add_serve_limit_flags(CLI::App& serve, sim::server::ServeOptions& o) {
  add_limit(serve, "--threads", o.threads, 256,
            "Event loops, one thread each, sharing the connections (default: the core count)");
  add_deadline(serve, "--head-timeout-ms", o.head_timeout,
               "A request's head must arrive within this, from its first byte");
  add_deadline(serve, "--body-timeout-ms", o.body_timeout,
               "A request's body must arrive, and an answer be taken, within this");
  add_deadline(serve, "--idle-timeout-ms", o.idle_timeout,
               "A keep-alive connection may wait this long for its next request");
  add_limit(serve, "--max-body-bytes", o.max_body_bytes, 1024 * mib, "Larger request bodies, chunked or not, get 413");
  add_limit(serve, "--max-head-bytes", o.max_head_bytes, mib, "Larger request heads get 431");
  add_limit(serve, "--max-url-bytes", o.max_url_bytes, mib, "Longer request targets get 414");
  add_limit(serve, "--max-json-depth", o.max_json_depth, 1000, "Bodies nesting arrays and objects deeper get 400");
  add_limit(serve, "--max-callback-url-bytes", o.max_callback_url_bytes, mib, "Longer callback_url values get 422");
  add_limit(serve, "--max-tasks-per-key", o.max_tasks_per_key, 100'000'000,
            "Creates beyond this many tasks of one key get 429");
  add_limit(serve, "--max-clients-per-key", o.max_clients_per_key, 10'000'000,
            "Rate-limit buckets (X-Pollbench-Client names) one key holds; a new name beyond them gets 429");
  add_limit(serve, "--max-journal-bytes", o.max_journal_bytes, 16 * 1024 * mib,
            "Once the journal holds this much, creates get 507");
}

}  // namespace pollbench::bench
