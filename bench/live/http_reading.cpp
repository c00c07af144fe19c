#include "bench/live/http_reading.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

#include "sim/net_aliases.hpp"

namespace pollbench::bench::live {

namespace {

using namespace net_aliases;

bool is_parse_error(const boost::system::error_code& ec) {
  return &ec.category() == &make_error_code(http::error::header_limit).category() && ec != http::error::end_of_stream &&
         ec != http::error::partial_message;
}

}  // namespace

HttpFailure failure_of(const boost::system::error_code& ec) {
  if (ec == beast::error::timeout) return HttpFailure::timeout;
  if (ec == net::error::connection_refused) return HttpFailure::refused;
  if (is_parse_error(ec)) return HttpFailure::malformed;
  return HttpFailure::reset;  // a reset, or the connection closed before the whole answer
}

bool out_of_descriptors(const boost::system::error_code& ec) {
  return ec == net::error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system;
}

HttpResponse response_of(http::response<http::string_body>&& message) {
  HttpResponse r;
  r.status = static_cast<int>(message.result_int());
  r.body = std::move(message.body());
  r.headers = std::move(static_cast<http::fields&>(message));
  return r;
}

}  // namespace pollbench::bench::live
