#pragma once
// A client that writes any bytes to a server on 127.0.0.1, well-formed HTTP or not, and
// reads back what comes, each read bounded by a receive timeout: for probing how the
// server takes slow, broken and hostile clients.

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <string_view>

namespace pollbench::testing {

class RawConnection {
 public:
  explicit RawConnection(int port, std::chrono::milliseconds read_timeout = std::chrono::seconds{5}) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const timeval limit{static_cast<time_t>(read_timeout.count() / 1000),
                        static_cast<suseconds_t>(read_timeout.count() % 1000 * 1000)};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    connected_ = connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  }
  ~RawConnection() {
    if (fd_ >= 0) close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  RawConnection(RawConnection&& other) noexcept : fd_(other.fd_), connected_(other.connected_) { other.fd_ = -1; }

  bool connected() const { return connected_; }

  // False once the server has closed or reset the connection.
  bool send(std::string_view bytes) const {
    while (!bytes.empty()) {
      const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Whatever arrives until the server closes, the read times out, or `enough` says so.
  template <class Enough>
  std::string read(const Enough& enough) const {
    std::string got;
    char buffer[4096];
    while (!enough(got)) {
      const auto n = recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      got.append(buffer, static_cast<std::size_t>(n));
    }
    return got;
  }

  // One whole answer: its head and a Content-Length body.
  std::string read_answer() const {
    return read([](const std::string& got) {
      const auto end = got.find("\r\n\r\n");
      if (end == std::string::npos) return false;
      const auto length = got.find("Content-Length: ");
      if (length == std::string::npos || length > end) return true;
      return got.size() >= end + 4 + std::stoul(got.substr(length + 16));
    });
  }

  // True when the server ended the connection (an orderly close or a reset) before the
  // read timeout.
  bool closed_by_server() const {
    char c = 0;
    const auto n = recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

// The status code of an answer's first line, 0 when there is none.
inline int status_of(const std::string& answer) {
  if (!answer.starts_with("HTTP/1.1 ") || answer.size() < 12) return 0;
  return std::stoi(answer.substr(9, 3));
}

// What follows the answer's head.
inline std::string body_of(const std::string& answer) {
  const auto end = answer.find("\r\n\r\n");
  return end == std::string::npos ? std::string{} : answer.substr(end + 4);
}

}  // namespace pollbench::testing
