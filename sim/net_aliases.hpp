#pragma once
// The short names for Boost.Asio and Boost.Beast that their examples use, declared once
// for the server's and the live client's network code: `using namespace net_aliases;`.

#include <boost/asio/ip/tcp.hpp>

namespace boost::beast::http {}

namespace pollbench::net_aliases {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

}  // namespace pollbench::net_aliases
