// A user's Python program run by `poolscope watch`: recording switched on (PoolScope's recorder on
// PYTHONPATH), its events streamed through a pipe, in a process group of its own that is killed to the last.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace poolscope::cli {

class WatchedScript {
 public:
  explicit WatchedScript(std::vector<std::string> command);
  ~WatchedScript();  // kills whatever is left of the program and removes the recorder's copy
  WatchedScript(const WatchedScript&) = delete;
  WatchedScript& operator=(const WatchedScript&) = delete;

  // Starts the program, its stdin, stdout and stderr those of PoolScope. Throws InputError if it cannot
  // be started (no such program), with nothing left behind.
  void start();
  // The read end of the event stream (non-blocking), for poll() or a socket notifier.
  int streamFd() const { return streamFd_; }
  // Appends what the stream holds now to `out`; false once every writer is gone (end of stream).
  bool readAvailable(std::string& out);
  // Checks, without waiting, whether the program (the process PoolScope started) has ended.
  bool poll();
  bool exited() const { return exited_; }
  // Its exit status as a shell reports it: the code it exited with, or 128 + the signal that killed it.
  int exitStatus() const { return status_; }
  // Kills the program's whole process group at once (Stop, Ctrl-C, or PoolScope closing).
  void kill();
  // After the program ended (or was killed): kills what it left in its group, reaps it all, and reads the
  // stream to its end into `out`. Returns when no process of the program is left.
  void finish(std::string& out);
  pid_t pid() const { return pid_; }

 private:
  std::filesystem::path writeRecorder() const;

  std::vector<std::string> command_;
  std::filesystem::path folder_;
  pid_t pid_ = -1;
  int streamFd_ = -1;
  bool exited_ = false;
  bool finished_ = false;
  int status_ = 0;
};

}  // namespace poolscope::cli
