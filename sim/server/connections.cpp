#include "sim/server/connections.hpp"

#include <vector>

#include "sim/server/http_session.hpp"

namespace pollbench::sim::server {

bool Connections::admit_or_wait(std::function<void()> on_free) {
  std::lock_guard lock(mutex_);
  if (closing_) return false;
  if (open_.size() < max_open_) return true;
  on_free_ = std::move(on_free);
  return false;
}

std::optional<Connections::Slot> Connections::add(std::weak_ptr<HttpSession> session) {
  std::lock_guard lock(mutex_);
  if (closing_) return std::nullopt;
  return open_.insert(open_.end(), std::move(session));
}

void Connections::remove(Slot slot) {
  std::function<void()> on_free;
  {
    std::lock_guard lock(mutex_);
    open_.erase(slot);
    if (!closing_) on_free.swap(on_free_);
  }
  if (on_free) on_free();
}

std::size_t Connections::open() const {
  std::lock_guard lock(mutex_);
  return open_.size();
}

void Connections::close_all() {
  std::vector<std::shared_ptr<HttpSession>> sessions;
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    on_free_ = nullptr;
    for (const auto& weak : open_)
      if (auto s = weak.lock()) sessions.push_back(std::move(s));
  }
  // Outside the lock: dropping the last reference to a session removes it from the list.
  for (const auto& s : sessions) s->close();
}

}  // namespace pollbench::sim::server
