#pragma once
// One HTTP exchange as the request handler sees it, whatever transport carries it: the
// method, target, headers, body and arrival time in; the status, headers, JSON body and
// how to play the answer out back. The front end only converts and plays back.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/server/routes.hpp"
#include "sim/server/time_scale.hpp"

namespace pollbench::sim::server {

struct ServedTask;

struct Header {
  std::string_view name;
  std::string_view value;
};

struct ApiRequest {
  std::string_view method;
  std::string_view target;      // path and query as sent, still percent-encoded
  std::vector<Header> headers;  // views into the front end's buffers
  std::string_view body;
  WallClock::time_point now;  // when it arrived

  // The first header of that name, compared without regard to case.
  std::optional<std::string_view> header(std::string_view name) const;
};

// What the front end does once the answer's delay has passed on its timer. A stall is
// an answer whose delay outlasts the client's timeout.
enum class Playback { answer, reset };

// Terminal states an answer shows, with their detection latency: journalled only when
// the answer goes out after its delay (RequestHandler::answered), not if stop() cut it.
using Shown = std::vector<std::pair<const ServedTask*, Duration>>;

// One server-sent event of a streamed answer, written when it is due; its terminal
// states are journalled as it goes out. An empty text ends the stream (the connection
// closes) at that moment.
struct StreamedEvent {
  WallClock::time_point due;
  std::string text;
  Shown shown;
};

struct ApiResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type: application/json
  std::string body;
  WallClock::duration delay{};  // the model's response time, or a stall
  Playback playback = Playback::answer;
  Shown shown;
  Endpoint endpoint = Endpoint::none;  // the route that answered, as GET /metrics counts it
  // A text/event-stream answer: its head goes out after `delay`, then these events, then
  // the connection closes. Empty for every other answer.
  std::vector<StreamedEvent> events;
};

// What a front end (http_session.hpp) asks for each request it has read: the mock
// server's RequestHandler, or the live driver's webhook receiver.
class ApiHandler {
 public:
  virtual ApiResponse handle(const ApiRequest& request) = 0;
  // Called once the answer has gone out after its delay (not if it was cut).
  virtual void answered(const Shown& shown) = 0;

 protected:
  ApiHandler() = default;
  ~ApiHandler() = default;
  ApiHandler(const ApiHandler&) = default;
  ApiHandler& operator=(const ApiHandler&) = default;
};

}  // namespace pollbench::sim::server
