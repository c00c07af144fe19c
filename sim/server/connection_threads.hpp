#pragma once
// The task queue the mock server gives cpp-httplib. Its own pool holds one thread per
// keep-alive connection for the connection's life, so a fixed pool of N threads serves N
// clients and leaves the rest waiting. This one grows a thread whenever no idle one is
// left, up to a cap, so 1,000 concurrent clients get 1,000 threads, and an injected
// response delay holds only its own connection (docs/server-design.md).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <httplib.h>
#include <mutex>
#include <thread>
#include <vector>

namespace pollbench::sim::server {

class ConnectionThreads : public httplib::TaskQueue {
 public:
  explicit ConnectionThreads(std::size_t max_threads) : max_threads_(max_threads) {}
  ~ConnectionThreads() override;

  void enqueue(std::function<void()> connection) override;
  void shutdown() override;

  std::size_t threads() const;

 private:
  void work();

  const std::size_t max_threads_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> waiting_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool stopping_ = false;
};

}  // namespace pollbench::sim::server
