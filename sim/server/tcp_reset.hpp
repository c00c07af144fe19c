#pragma once
// A true TCP reset of the connection a request came in on, so the client sees
// ECONNRESET rather than a polite close.

#include <string>

namespace pollbench::sim::server {

// Finds the connection's socket by its two ends, makes its close abortive (SO_LINGER 0),
// and swaps an unconnected socket into its descriptor: the kernel sends RST, and the
// server's own later writes and close land harmlessly on the stand-in. False when no
// such connection is open.
bool reset_connection(int local_port, const std::string& remote_addr, int remote_port);

}  // namespace pollbench::sim::server
