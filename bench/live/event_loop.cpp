#include "bench/live/event_loop.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

namespace pollbench::bench::live {

namespace {

constexpr std::uint64_t timer_tag = 1, wake_tag = 2;

int checked(int result, const char* what) {
  if (result < 0) throw std::system_error(errno, std::generic_category(), what);
  return result;
}

void add(int epoll_fd, int fd, std::uint32_t events, std::uint64_t tag) {
  epoll_event e{};
  e.events = events;
  e.data.u64 = tag;
  checked(epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &e), "epoll_ctl");
}

}  // namespace

EventLoop::EventLoop() {
  epoll_fd_ = checked(epoll_create1(EPOLL_CLOEXEC), "epoll_create1");
  timer_fd_ = checked(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC), "timerfd_create");
  wake_fd_ = checked(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC), "eventfd");
  add(epoll_fd_, timer_fd_, EPOLLIN, timer_tag);
  add(epoll_fd_, wake_fd_, EPOLLIN, wake_tag);
}

EventLoop::~EventLoop() {
  for (int fd : {wake_fd_, timer_fd_, epoll_fd_}) ::close(fd);
}

EventLoop::TimerId EventLoop::at(Clock::time_point when, Callback callback) {
  const auto id = next_timer_++;
  timers_.emplace(id, std::move(callback));
  due_.push({when, id});
  return id;
}

bool EventLoop::cancel(TimerId timer) { return timers_.erase(timer) > 0; }

EventLoop::WatchId EventLoop::watch(int fd, std::uint32_t events, std::function<void(std::uint32_t)> on_ready) {
  const auto id = next_watch_++;
  add(epoll_fd_, fd, events, id);
  watches_.emplace(id, Watch{fd, std::move(on_ready)});
  return id;
}

void EventLoop::rewatch(WatchId watch, std::uint32_t events) {
  epoll_event e{};
  e.events = events;
  e.data.u64 = watch;
  checked(epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, watches_.at(watch).fd, &e), "epoll_ctl");
}

void EventLoop::unwatch(WatchId watch) {
  const auto it = watches_.find(watch);
  if (it == watches_.end()) return;
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->second.fd, nullptr);
  watches_.erase(it);
}

void EventLoop::post(Callback callback) {
  {
    std::lock_guard lock(posted_mutex_);
    posted_.push_back(std::move(callback));
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof one);
}

void EventLoop::stop() {
  {
    std::lock_guard lock(posted_mutex_);
    stopping_ = true;
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof one);
}

// The timerfd always holds the earliest live timer, set as an absolute monotonic time.
void EventLoop::arm_timer() {
  while (!due_.empty() && !timers_.contains(due_.top().id)) due_.pop();
  const auto next = due_.empty() ? Clock::time_point::max() : due_.top().at;
  if (next == armed_) return;
  armed_ = next;
  itimerspec spec{};
  if (next != Clock::time_point::max()) {
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(next.time_since_epoch()).count();
    // Zero would disarm the timer: a time already past fires at the first nanosecond.
    spec.it_value.tv_sec = ns > 0 ? ns / 1'000'000'000 : 0;
    spec.it_value.tv_nsec = ns > 0 ? ns % 1'000'000'000 : 1;
  }
  checked(timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr), "timerfd_settime");
}

void EventLoop::run_due_timers() {
  const auto now = Clock::now();
  while (!due_.empty() && due_.top().at <= now) {
    const auto id = due_.top().id;
    due_.pop();
    const auto it = timers_.find(id);
    if (it == timers_.end()) continue;
    auto callback = std::move(it->second);
    timers_.erase(it);
    callback();
  }
}

void EventLoop::run_posted() {
  std::vector<Callback> work;
  {
    std::lock_guard lock(posted_mutex_);
    work.swap(posted_);
  }
  for (auto& callback : work) callback();
}

void EventLoop::run() {
  // The default 50 µs of timer slack would be most of the scheduling error we report.
  prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
  std::array<epoll_event, 256> events;
  for (;;) {
    {
      std::lock_guard lock(posted_mutex_);
      if (stopping_) return;
    }
    arm_timer();
    const int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), -1);
    if (n < 0 && errno != EINTR) checked(n, "epoll_wait");
    // Work posted from other threads (callbacks) first: it was stamped when it arrived,
    // likely before the socket events of this same wake-up.
    run_posted();
    for (int i = 0; i < n; ++i) {
      const auto tag = events[static_cast<std::size_t>(i)].data.u64;
      if (tag == timer_tag || tag == wake_tag) {
        std::uint64_t count;
        [[maybe_unused]] const auto r = ::read(tag == timer_tag ? timer_fd_ : wake_fd_, &count, sizeof count);
        if (tag == timer_tag) armed_ = Clock::time_point::max();
        continue;
      }
      // A watch removed by an earlier callback of this batch hears nothing more.
      const auto it = watches_.find(tag);
      if (it != watches_.end()) {
        auto on_ready = it->second.on_ready;
        on_ready(events[static_cast<std::size_t>(i)].events);
      }
    }
    run_due_timers();
  }
}

}  // namespace pollbench::bench::live
