// The type-erased engine under Pool: workers, shared-memory queue, scheduling and tracing.
// Pool's templates encode arguments and decode results; everything else happens here.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "poolscope/pool/detail/chunk_results.hpp"
#include "poolscope/pool/pool_options.hpp"
#include "poolscope/trace/task_record.hpp"

namespace poolscope::detail {

enum class JobKind : std::uint8_t { map, imap, imap_unordered, apply };

// Runs in the worker: decodes `input`, calls the task function `fn`, appends its encoded result to
// `output`. Returns false if the task threw; what it appended is then the error text instead.
using InvokeFn = bool (*)(std::uintptr_t fn, std::string_view input, std::string& output);
// Turns an encoded result into its trace JSON literal (parent side, only when tracing).
using ReprFn = void (*)(std::string_view encoded, ReprText& repr);

// Reads up to `most` inputs of a job: appends each to `entries` as a u64 length and the encoded bytes (the
// form inputs travel in) and, if `reprs` is set (room for `most`), the i-th one's JSON literal to reprs[i],
// which is where the pool keeps it. Returns how many it read:
// fewer than `most` only at the end of the input, or if the input threw, which it then stores in `error`
// (the inputs before the one that threw are read). Called lazily, on the driving thread.
using InputSource = std::function<std::size_t(std::string& entries, ReprText* reprs, std::size_t most,
                                              std::exception_ptr& error)>;

// apply_async / map_async: called once, on the driving thread, when every task of the job is done, with
// what collect() would return (the failed task raised, or -1; the results and records by index).
using SettleFn = std::function<void(std::int64_t raised, RunResults& results)>;

struct JobSpec {
  JobKind kind = JobKind::imap;
  std::uintptr_t fn = 0;
  InvokeFn invoke = nullptr;
  ReprFn result_repr = nullptr;
  std::size_t chunksize = 1;      // map: 0 = Python's default ceil(n / (4 x workers))
  std::size_t max_in_flight = 0;  // 0 = no bound (all inputs available to workers at once)
  // The number of inputs when the range knows it without being read (Python's len()). Then map reads its
  // inputs while the workers already run the first chunks, instead of all of them first; imap sizes its
  // bookkeeping for them once.
  std::optional<std::size_t> length;
  InputSource source;
  SettleFn settle;  // set: an async job, settled by whichever call drives the pool
};

class PoolCore {
 public:
  // Throws InvalidArgument if processes < 1.
  PoolCore(int processes, const PoolOptions& options);
  // The number of cores: Python's Pool() default.
  static int cpu_count();
  ~PoolCore();
  PoolCore(const PoolCore&) = delete;
  PoolCore& operator=(const PoolCore&) = delete;

  int processes() const;
  bool tracing() const;

  // Registers a job and makes its first inputs available to the workers. map and apply read all
  // their inputs now; imap jobs read them lazily while the caller consumes results.
  std::uint64_t submit(JobSpec spec);
  // The next result (or failure) the caller receives (input order for imap, completion order for
  // imap_unordered): its record goes into `record` (strings reuse their capacity) and, if it succeeded,
  // `result` views its encoded result, valid until the next call on this pool. False once every task was
  // handed over, or once a failed chunk of a job with chunksize > 1 was handed over (Python's loop ends
  // there). Blocks; throws PoolStopped if stopped.
  bool next(std::uint64_t job, TaskRecord& record, std::string_view& result);
  // Drives the pool (settling async jobs on the way) until done() holds: true then. false at the timeout
  // (< 0 waits forever, 0 only polls), or at once if the pool was terminated. Throws PoolStopped if a stop
  // was requested.
  bool wait_until(const std::function<bool()>& done, std::int64_t timeout_ns);
  // map: waits for every task, then hands all over at once: `results` holds every task's record and, for
  // tasks that succeeded, its encoded result. Returns the index of the failed task whose exception arrived
  // first (map raises it and hands over no result), or -1.
  std::int64_t collect(std::uint64_t job, RunResults& results);
  // A map's results the caller no longer needs: their storage serves the next job.
  void recycle(RunResults& results) noexcept;
  // The caller lost interest (iterator destroyed): its remaining results are discarded.
  void release(std::uint64_t job) noexcept;

  void close();
  // Throws UsageError unless close() or terminate() came first (Python: "Pool is still running").
  void join();
  void terminate() noexcept;
  void request_stop() noexcept;
  std::vector<WorkerProcess> worker_processes() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace poolscope::detail
