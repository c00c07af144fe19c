#pragma once
// A request as Beast parsed it, seen as the handler's ApiRequest; the handler's answer
// as a Beast response. The session and the request-path fuzz target share them.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "sim/server/api_exchange.hpp"

namespace pollbench::sim::server {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Views into `request`, which must outlive the result.
ApiRequest api_request_of(const BeastRequest& request, WallClock::time_point now);

// Takes the answer's body; its other parts stay.
BeastResponse beast_response_of(ApiResponse&& answer, unsigned version, bool keep_alive);

}  // namespace pollbench::sim::server
