#include "sim/server/webhook_client.hpp"

#include <boost/asio/post.hpp>

namespace pollbench::sim::server {

namespace net = boost::asio;

WebhookClient::WebhookClient(net::io_context& io, TimeScale scale, TaskLedger& ledger)
    : io_(io), scale_(scale), ledger_(ledger) {}

void WebhookClient::schedule(Delivery delivery, WallClock::time_point due) {
  net::post(io_,
            [self = shared_from_this(), d = std::move(delivery), due]() mutable { self->wait(std::move(d), due); });
}

void WebhookClient::stop() {
  net::post(io_, [self = shared_from_this()] {
    self->stopping_ = true;
    for (auto& timer : self->waiting_) timer.cancel();
  });
}

void WebhookClient::wait(Delivery delivery, WallClock::time_point due) {
  if (stopping_) return;
  const auto timer = waiting_.emplace(waiting_.end(), io_, due);
  timer->async_wait([self = shared_from_this(), timer, d = std::move(delivery)](boost::system::error_code ec) mutable {
    self->waiting_.erase(timer);
    if (!ec && !self->stopping_) self->post(std::move(d));
  });
}

void WebhookClient::post(Delivery delivery) {
  auto done = [self = shared_from_this(), d = delivery](bool delivered) mutable {
    net::post(self->io_, [self, d = std::move(d), delivered]() mutable { self->finished(std::move(d), delivered); });
  };
  std::make_shared<WebhookPost>(io_, delivery, std::move(done))->run();
}

void WebhookClient::finished(Delivery d, bool delivered) {
  ledger_.webhook(WebhookEvent::sent);
  if (delivered) {
    ledger_.webhook(WebhookEvent::delivered);
    ledger_.delivered(*d.task);
  } else if (d.attempt + 1 < max_attempts) {
    ledger_.webhook(WebhookEvent::retried);
    const auto due = WallClock::now() + scale_.to_wall(first_retry * (1u << d.attempt));
    ++d.attempt;
    wait(std::move(d), due);
  } else {
    ledger_.webhook(WebhookEvent::abandoned);
  }
}

}  // namespace pollbench::sim::server
