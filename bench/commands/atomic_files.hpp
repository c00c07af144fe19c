#pragma once
// Files written whole or not at all, alone or as a set (`run --out`'s four files).
//
// add() creates a temporary beside each target (".NAME.tmp-PID-N", same folder, so the
// rename cannot cross file systems) and hands back a stream to fill. commit() writes
// each temporary, checking every write, then fsyncs and closes it; only when all of
// them are on disk does it rename them over their targets, one after the other with
// SIGINT, SIGTERM, SIGHUP and SIGQUIT held back, and fsync their folders. So a failed
// write, a full disk or Ctrl-C leaves every old file as it was, and a set is never a
// mix of two runs; only SIGKILL or a power cut within the microseconds of the renames
// can. A failure removes the temporaries and throws InputError("cannot write PATH",
// reason), which main prints as "error: cannot write PATH: reason" with exit code 2.
//
// A target that exists and is not a regular file (a symbolic link, /dev/stdout, a pipe)
// is written in place: every write checked, nothing atomic.

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <vector>

namespace pollbench::bench {

class AtomicFiles {
 public:
  AtomicFiles();
  ~AtomicFiles();  // removes the temporaries that were not renamed
  AtomicFiles(const AtomicFiles&) = delete;
  AtomicFiles& operator=(const AtomicFiles&) = delete;

  // The stream for `target`'s new text. Its temporary is made now, so a folder that does
  // not exist or refuses writes fails before any work is done.
  std::ostream& add(const std::filesystem::path& target);

  // Writes, syncs and renames every file added; throws InputError on the first failure.
  void commit();

 private:
  struct Pending;
  std::vector<std::unique_ptr<Pending>> pending_;
};

// Fails now, as commit() would later, when a target is a folder or its folder is missing
// or refuses writes: a temporary is made beside each, then removed. A pipe or a device is
// only asked (access), since opening a pipe would end its reader's input.
void check_writable(const std::vector<std::filesystem::path>& targets);

// One file, filled by `write`, then committed.
void write_file_atomically(const std::filesystem::path& target, const std::function<void(std::ostream&)>& write);

}  // namespace pollbench::bench
