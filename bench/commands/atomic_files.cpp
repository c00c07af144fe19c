#include "bench/commands/atomic_files.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <set>
#include <utility>
#include <sstream>
#include <string>

#include "bench/commands/checked_output.hpp"
#include "sim/input_error.hpp"

namespace pollbench::bench {

namespace fs = std::filesystem;

struct AtomicFiles::Pending {
  fs::path target;
  fs::path temp;  // empty when written in place
  int fd = -1;
  std::ostringstream text;
};

namespace {

[[noreturn]] void fail(const fs::path& target, const std::string& reason) {
  throw InputError("cannot write " + target.string(), reason);
}

[[noreturn]] void fail_errno(const fs::path& target) { fail(target, std::strerror(errno)); }

fs::path folder_of(const fs::path& target) { return target.has_parent_path() ? target.parent_path() : fs::path{"."}; }

fs::path temporary_beside(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  return folder_of(target) /
         ("." + target.filename().string() + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
}

// A device or a pipe cannot be synced (EINVAL); everything else must be.
void sync(int fd, const fs::path& target) {
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) fail_errno(target);
}

void sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail_errno(folder);
  const int synced = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (synced != 0 && error != EINVAL) fail(folder, std::strerror(error));
}

// The termination signals a user sends, held back while a set of renames runs.
class HeldSignals {
 public:
  HeldSignals() {
    sigset_t held;
    sigemptyset(&held);
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&held, s);
    pthread_sigmask(SIG_BLOCK, &held, &previous_);
  }
  ~HeldSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  HeldSignals(const HeldSignals&) = delete;
  HeldSignals& operator=(const HeldSignals&) = delete;

 private:
  sigset_t previous_;
};

}  // namespace

AtomicFiles::AtomicFiles() = default;

AtomicFiles::~AtomicFiles() {
  for (const auto& p : pending_) {
    if (p->fd >= 0) ::close(p->fd);
    if (!p->temp.empty()) ::unlink(p->temp.c_str());
  }
}

std::ostream& AtomicFiles::add(const fs::path& target) {
  auto p = std::make_unique<Pending>();
  p->target = target;
  std::error_code ec;
  const auto status = fs::symlink_status(target, ec);
  if (fs::is_directory(status)) fail(target, "is a directory");
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    p->fd = ::open(target.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  } else {
    p->temp = temporary_beside(target);
    p->fd = ::open(p->temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (p->fd < 0) p->temp.clear();  // nothing to remove
  }
  if (p->fd < 0) fail_errno(target);
  pending_.push_back(std::move(p));
  return pending_.back()->text;
}

void AtomicFiles::commit() {
  for (const auto& p : pending_) {
    if (!p->text) fail(p->target, "the text could not be formatted");
    const auto text = p->text.str();
    if (!write_fully(p->fd, text.data(), text.size())) fail_errno(p->target);
    sync(p->fd, p->target);
    const int fd = std::exchange(p->fd, -1);
    if (::close(fd) != 0) fail_errno(p->target);
  }
  std::set<fs::path> folders;
  {
    const HeldSignals held;
    for (const auto& p : pending_) {
      if (p->temp.empty()) continue;
      if (::rename(p->temp.c_str(), p->target.c_str()) != 0) fail_errno(p->target);
      p->temp.clear();
      folders.insert(folder_of(p->target));
    }
  }
  for (const auto& folder : folders) sync_folder(folder);
  pending_.clear();
}

void check_writable(const std::vector<fs::path>& targets) {
  AtomicFiles probe;  // its temporaries go when it does
  for (const auto& target : targets) {
    std::error_code ec;
    const auto status = fs::status(target, ec);
    const bool special = fs::exists(status) && !fs::is_regular_file(status) && !fs::is_directory(status);
    if (!special)
      probe.add(target);
    else if (::access(target.c_str(), W_OK) != 0)
      fail_errno(target);
  }
}

void write_file_atomically(const fs::path& target, const std::function<void(std::ostream&)>& write) {
  AtomicFiles file;
  write(file.add(target));
  file.commit();
}

}  // namespace pollbench::bench
