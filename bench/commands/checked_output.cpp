#include "bench/commands/checked_output.hpp"

#include <unistd.h>

#include <cerrno>

namespace pollbench::bench {

bool write_fully(int fd, const char* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(fd, data + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) {
      errno = EIO;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool CheckedOutput::drain() {
  const auto size = static_cast<std::size_t>(pptr() - pbase());
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  if (error_ == 0 && !write_fully(fd_, buffer_.data(), size)) error_ = errno;
  return error_ == 0;
}

CheckedOutput::int_type CheckedOutput::overflow(int_type c) {
  if (!drain()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) sputc(traits_type::to_char_type(c));
  return traits_type::not_eof(c);
}

int CheckedOutput::sync() {
  if (drain()) return 0;
  errno = error_;
  return -1;
}

}  // namespace pollbench::bench
