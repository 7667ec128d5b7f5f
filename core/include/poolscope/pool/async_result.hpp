// The pending outcome of apply_async, map_async or starmap_async, and the callbacks that run once it is in.
// Like Python's AsyncResult / MapResult; the pool has no threads, so callbacks run on the caller's thread.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "poolscope/pool/detail/pool_core.hpp"
#include "poolscope/trace/task_record.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope {

// Python's callback / error_callback of apply_async, map_async and starmap_async; either may be empty.
template <class R> struct AsyncCallbacks {
  std::function<void(const R&)> callback = nullptr;
  std::function<void(const std::exception&)> error_callback = nullptr;
};

namespace detail {

// Shared by an AsyncResult and the pool's job: filled once, when the job's last task is in.
template <class R> struct AsyncState {
  bool done = false;
  std::optional<R> value;
  std::exception_ptr error;
  std::vector<TaskRecord> records;
  std::function<void(const R&)> callback;
  std::function<void(const std::exception&)> error_callback;

  void finish(std::exception_ptr e) {
    done = true;
    error = std::move(e);
    if (error) {
      if (!error_callback) return;
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& ex) {
        error_callback(ex);
      }
    } else if (callback) {
      callback(*value);
    }
  }
};

}  // namespace detail

// get() returns the result or throws what the task threw (TaskError, WorkerCrashed), or PoolStopped.
//
// Callbacks: `callback(result)` on success, `error_callback(exception)` on failure, exactly once, as in
// Python. CPython calls them on its result-handler thread as soon as the outcome arrives. PoolScope's pool
// has no threads: they run on the thread that drives the pool, at the first moment after the outcome
// arrived that the pool is driven by any waiting call on it — get(), wait(), wait_for(), ready() of any
// AsyncResult, next() of any imap iterator, map / starmap / apply, or join() (so `close(); join();` runs
// every pending callback, as in Python). They run before that call returns. An exception a callback
// throws comes out of that call. A callback may submit new work to the pool, and must not outlive what it
// captures.
template <class R> class AsyncResult {
 public:
  AsyncResult(AsyncResult&&) noexcept = default;
  AsyncResult& operator=(AsyncResult&&) noexcept = default;
  AsyncResult(const AsyncResult&) = delete;
  AsyncResult& operator=(const AsyncResult&) = delete;
  // Dropping an AsyncResult does not cancel the job: it still runs and its callbacks are still called.
  ~AsyncResult() = default;

  // Waits for the outcome; returns the result or throws what failed. May be called again: it returns
  // (or throws) the same.
  R get() {
    wait();
    if (state_->error) std::rethrow_exception(state_->error);
    return *state_->value;
  }
  // get() waiting at most `seconds`; throws TimeoutError if the outcome is not in by then (Python's
  // get(timeout)). A negative or NaN timeout is 0.
  R get(double seconds) {
    if (!wait_for(seconds)) throw TimeoutError("the result was not ready within the timeout");
    return get();
  }
  // True once get() would not block.
  bool ready() { return wait_for(0); }
  // Waits up to `seconds` (a negative or NaN timeout is 0, as in Python); true if the outcome is in.
  bool wait_for(double seconds) {
    if (state_->done) return true;
    const auto ns = seconds > 0 ? static_cast<std::int64_t>(std::min(seconds, 1e9) * 1e9) : std::int64_t{0};
    const auto& state = state_;
    return core_->wait_until([&state] { return state->done; }, ns) || state_->done;
  }
  // Waits for the outcome (throws PoolStopped if the pool was stopped first).
  void wait() {
    if (state_->done) return;
    const auto& state = state_;
    core_->wait_until([&state] { return state->done; }, -1);
    if (!state_->done) throw PoolStopped();
  }
  // Python's successful(): whether the job finished without an exception; InvalidArgument if not ready
  // (Python's ValueError).
  bool successful() {
    if (!ready()) throw InvalidArgument("the result is not ready");
    return !state_->error;
  }
  // The record of the task (apply_async); complete once ready.
  const TaskRecord& record() {
    wait();
    if (state_->records.empty()) throw UsageError("record(): the job had no task");
    return state_->records.front();
  }
  // The records of every task, ordered by index (map_async, starmap_async).
  const std::vector<TaskRecord>& records() {
    wait();
    return state_->records;
  }

 private:
  friend class Pool;
  AsyncResult(std::shared_ptr<detail::PoolCore> core, std::shared_ptr<detail::AsyncState<R>> state)
      : core_(std::move(core)), state_(std::move(state)) {}
  std::shared_ptr<detail::PoolCore> core_;
  std::shared_ptr<detail::AsyncState<R>> state_;
};

}  // namespace poolscope
