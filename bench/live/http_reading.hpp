#pragma once
// How the live driver's HTTP clients read what came back: a Beast error as the failure a
// client library reports, a parsed message as an HttpResponse. The pooled client and the
// event-stream client share them.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>

#include "bench/live/http_client.hpp"

namespace pollbench::bench::live {

HttpFailure failure_of(const boost::system::error_code& ec);
bool out_of_descriptors(const boost::system::error_code& ec);
HttpResponse response_of(boost::beast::http::response<boost::beast::http::string_body>&& message);

}  // namespace pollbench::bench::live
