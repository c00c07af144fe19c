#pragma once
// The open connections of one server: how many there are against --max-connections,
// and each one's close, for stop(). The listener stops accepting at the limit and is
// called back when a connection closes.

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>

namespace pollbench::sim::server {

class HttpSession;

class Connections {
 public:
  using Slot = std::list<std::weak_ptr<HttpSession>>::iterator;

  explicit Connections(std::size_t max_open) : max_open_(max_open) {}

  // True when another connection may be accepted; otherwise `on_free` runs once a
  // connection has closed (or at once, if one closed meanwhile).
  bool admit_or_wait(std::function<void()> on_free);
  // Nullopt once the server is stopping.
  std::optional<Slot> add(std::weak_ptr<HttpSession> session);
  void remove(Slot slot);
  std::size_t open() const;
  // Closes every open connection, each on its own event loop; none is admitted after.
  void close_all();

 private:
  const std::size_t max_open_;
  mutable std::mutex mutex_;
  std::list<std::weak_ptr<HttpSession>> open_;
  std::function<void()> on_free_;  // set while the listener waits for a free slot
  bool closing_ = false;
};

}  // namespace pollbench::sim::server
