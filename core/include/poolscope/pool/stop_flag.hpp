// A flag that asks a running pool to stop: set it from a signal handler or another thread,
// and the pool's waiting call kills its workers and throws PoolStopped within ~20 ms.
#pragma once

#include <atomic>

namespace poolscope {

class StopFlag {
 public:
  // Async-signal-safe: one lock-free atomic store.
  void request() noexcept { requested_.store(true, std::memory_order_relaxed); }
  bool requested() const noexcept { return requested_.load(std::memory_order_relaxed); }
  // Arms the flag again for the next run.
  void reset() noexcept { requested_.store(false, std::memory_order_relaxed); }

 private:
  static_assert(std::atomic<bool>::is_always_lock_free, "StopFlag must be usable in a signal handler");
  std::atomic<bool> requested_{false};
};

}  // namespace poolscope
