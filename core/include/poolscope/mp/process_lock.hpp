// A lock that several processes share (Python's multiprocessing.Lock), placed in shared memory.
// Robust: if a holder dies, the next locker takes the lock over instead of waiting forever.
#pragma once

#include <pthread.h>

#include <chrono>

namespace poolscope {

class ProcessLock {
 public:
  // Must be constructed in memory that every process using it maps (see SharedBlock).
  ProcessLock();
  ~ProcessLock();
  ProcessLock(const ProcessLock&) = delete;
  ProcessLock& operator=(const ProcessLock&) = delete;

  // Lockable, so std::lock_guard / std::unique_lock / std::scoped_lock work with it.
  void lock();
  bool try_lock();
  bool try_lock_for(std::chrono::duration<double> timeout);
  void unlock();

  // True if lock() took the lock over from a process that died holding it (since the last call);
  // the data it guards may be half-updated. Resets on read.
  bool take_recovered() noexcept;

 private:
  bool acquired(int rc);  // handles EOWNERDEAD; returns false on timeout / busy

  pthread_mutex_t mutex_{};
  bool recovered_ = false;
};

}  // namespace poolscope
