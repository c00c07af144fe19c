#pragma once
// One thread's epoll loop for the live driver: timers to the microsecond (a timerfd, not
// epoll's millisecond timeout), sockets, and work posted from other threads. Everything
// a live run decides happens on this thread, so strategies and records need no locks.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <queue>
#include <unordered_map>
#include <vector>

namespace pollbench::bench::live {

using Clock = std::chrono::steady_clock;

class EventLoop {
 public:
  using Callback = std::function<void()>;
  using TimerId = std::uint64_t;
  using WatchId = std::uint64_t;

  EventLoop();  // throws std::system_error when the kernel refuses an fd
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Runs `callback` on the loop at `when` (at once if it has passed).
  TimerId at(Clock::time_point when, Callback callback);
  bool cancel(TimerId timer);  // false when it has already run or was cancelled

  // Calls `on_ready(epoll events)` while `fd` is ready for `events`; the fd stays the
  // caller's to close, after unwatch().
  WatchId watch(int fd, std::uint32_t events, std::function<void(std::uint32_t)> on_ready);
  void rewatch(WatchId watch, std::uint32_t events);
  void unwatch(WatchId watch);

  // Safe from any thread: runs `callback` on the loop soon.
  void post(Callback callback);

  // Runs until stop(), then returns; stop() is safe from any thread.
  void run();
  void stop();

  std::size_t timers() const { return timers_.size(); }

 private:
  struct Due {
    Clock::time_point at;
    TimerId id;
    bool operator>(const Due& o) const { return at != o.at ? at > o.at : id > o.id; }
  };
  struct Watch {
    int fd;
    std::function<void(std::uint32_t)> on_ready;
  };
  void arm_timer();
  void run_due_timers();
  void run_posted();

  int epoll_fd_ = -1;
  int timer_fd_ = -1;
  int wake_fd_ = -1;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;
  std::unordered_map<TimerId, Callback> timers_;  // a cancelled timer's entry is gone
  TimerId next_timer_ = 1;
  Clock::time_point armed_ = Clock::time_point::max();
  std::unordered_map<WatchId, Watch> watches_;
  WatchId next_watch_ = 3;  // 1 and 2 tag the timer and the wake-up fd

  std::mutex posted_mutex_;
  std::vector<Callback> posted_;
  bool stopping_ = false;  // under posted_mutex_
};

}  // namespace pollbench::bench::live
