// The pool's worker processes: forks them (or has the fork server fork them), notices when one dies,
// and kills and reaps them all at the end. What a death means for the tasks is the caller's business.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pool/fork_server_connection.hpp"
#include "pool/shared_region.hpp"
#include "poolscope/pool/pool_options.hpp"
#include "poolscope/trace/task_record.hpp"

namespace poolscope::detail {

class WorkerSet {
 public:
  // Called with a worker's slot and its wait status once it has exited (already marked dead).
  using ExitHandler = std::function<void(std::uint32_t slot, int status)>;

  // Connects to the fork server if `method` says so (throws SystemError if it is not running).
  // Starts no process yet.
  WorkerSet(SharedRegion& region, StartMethod method, int processes, ExitHandler on_exit);
  ~WorkerSet();
  WorkerSet(const WorkerSet&) = delete;
  WorkerSet& operator=(const WorkerSet&) = delete;

  std::uint32_t size() const { return static_cast<std::uint32_t>(workers_.size()); }
  int id(std::uint32_t slot) const { return workers_[slot].id; }
  pid_t pid(std::uint32_t slot) const { return workers_[slot].pid; }
  bool any_alive() const;
  std::vector<WorkerProcess> alive() const;

  // Starts the process for `slot` and returns once it is ready to take tasks. One that dies before that
  // is started again after a pause that doubles each time; after kStartAttempts deaths in a row this
  // throws WorkerStartError. Throws SystemError if no process can be forked.
  void spawn(std::uint32_t slot);
  // Waits up to timeout_ns for a worker's exit or a wake-up on the region's eventfd; reports exits.
  void poll(std::int64_t timeout_ns);
  // "Worker-2 (pid 5582) was killed by signal 9 (SIGKILL)".
  std::string describe_exit(std::uint32_t slot, int status) const;
  // SIGKILLs every worker and waits until each one is reaped. Reports no exits.
  void kill_all() noexcept;

  static constexpr int kStartAttempts = 5;
  static constexpr std::int64_t kFirstStartPauseNs = 10'000'000;  // then 20, 40, 80 ms

 private:
  struct Slot {
    int id = 0;
    pid_t pid = 0;
    int pidfd = -1;
    bool alive = false;
  };
  // One attempt: false (with the wait status) if the process died before it was ready.
  bool start(std::uint32_t slot, int& status);
  void exited(std::uint32_t slot, int status);
  void take_server_exits(int timeout_ms);

  SharedRegion& region_;
  StartMethod method_;
  ExitHandler on_exit_;
  std::unique_ptr<ForkServerConnection> server_;
  std::vector<Slot> workers_;
};

}  // namespace poolscope::detail
