// A pool's private line to the fork server: hands it the shared memory once, asks it to fork workers,
// and hears back when one of them exits (the server, not the pool, is their parent and reaps them).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace poolscope::detail {

struct WorkerExit {
  pid_t pid = 0;
  int status = 0;  // as waitpid() reports it
};

class ForkServerConnection {
 public:
  // Throws SystemError if ForkServer::start() was not called or the server is gone.
  static std::unique_ptr<ForkServerConnection> open();
  ~ForkServerConnection();
  ForkServerConnection(const ForkServerConnection&) = delete;
  ForkServerConnection& operator=(const ForkServerConnection&) = delete;

  // Shares the pool's memory and wake-up eventfd with the server (once, before spawn()).
  void attach(int memfd, int eventfd);
  // Forks a worker for `slot`; returns its pid. Throws SystemError.
  pid_t spawn(std::uint32_t slot);
  // The socket to poll for exit reports.
  int fd() const { return fd_; }
  // Exit reports received so far (non-blocking read of the socket first); waits up to timeout_ms for at
  // least one if none is queued.
  std::vector<WorkerExit> take_exits(int timeout_ms);
  // Exit reports already read (e.g. while waiting for a spawn reply) and not yet taken.
  bool has_queued_exits() const { return !exits_.empty(); }
  // Takes the exit report of `pid` alone (others stay queued), waiting up to timeout_ms for it.
  bool take_exit_of(pid_t pid, int timeout_ms, int& status);
  // Asks the server to SIGKILL every worker it forked for this pool. The server is their parent and has
  // not reaped them, so their pids cannot belong to anyone else: the fallback for workers without a pidfd.
  void kill_workers();

 private:
  explicit ForkServerConnection(int fd) : fd_(fd) {}
  void read_messages(int timeout_ms);
  int fd_ = -1;
  std::vector<WorkerExit> exits_;
  std::vector<std::pair<std::uint32_t, int>> spawned_;  // (slot, pid or -errno)
};

}  // namespace poolscope::detail
