#pragma once
// Standard output through a buffer of our own, so a failed write is not forgotten: the C
// library's stdout drops its buffer and the reason (errno) when write(2) fails, leaving
// nothing to say but "it failed". This one keeps the reason of the first failure and
// hands it back in errno from every later sync (pubsync, flush), which is where
// run_cli looks after a command has printed its results.

#include <array>
#include <cstddef>
#include <streambuf>

namespace pollbench::bench {

// Every byte to `fd`, through short writes and interruptions; false with errno set otherwise.
bool write_fully(int fd, const char* data, std::size_t size);

class CheckedOutput : public std::streambuf {
 public:
  explicit CheckedOutput(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  ~CheckedOutput() override { sync(); }
  CheckedOutput(const CheckedOutput&) = delete;
  CheckedOutput& operator=(const CheckedOutput&) = delete;

 protected:
  int_type overflow(int_type c) override;
  int sync() override;

 private:
  bool drain();

  int fd_;
  int error_ = 0;  // errno of the first failed write
  std::array<char, 1 << 16> buffer_{};
};

}  // namespace pollbench::bench
