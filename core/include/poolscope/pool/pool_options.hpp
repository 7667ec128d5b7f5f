// How a Pool starts its workers and where it reports progress.
// Kept apart from pool.hpp so the engine's internals can include it without the templates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "poolscope/pool/stop_flag.hpp"
#include "poolscope/trace/trace_sink.hpp"

namespace poolscope {

enum class StartMethod : std::uint8_t {
  fork,        // fork workers directly: for single-threaded programs (CLI, tests, benchmarks)
  forkserver,  // ask the ForkServer started at main() to fork them: safe from threaded programs (GUI)
};

struct PoolOptions {
  StartMethod start_method = StartMethod::fork;
  // Receives TaskRecord snapshots (started, finished, emitted) in batches; may be null.
  TraceSink* sink = nullptr;
  // false: no input/result text, no snapshots for the sink, and a chunk reports its tasks only at its end
  // (each task's start and finish are still stamped by the worker and kept in the records). true: the
  // sink also sees tasks start, and long tasks finish, inside a running chunk.
  bool trace = true;
  // Polled at least every ~10 ms while a call waits; when set, the pool kills its workers and the
  // waiting call throws PoolStopped.
  StopFlag* stop = nullptr;
  // Shared-memory bytes for task inputs in flight, and for each worker's results; pages are only touched
  // as they are used. Larger items still pass (a chunk's inputs streamed through, a result in parts),
  // just more slowly.
  std::size_t input_bytes = std::size_t{32} << 20;
  std::size_t result_bytes = std::size_t{8} << 20;
  // Runs in every new worker process (argument: its Worker-N number) before it takes a task. A worker
  // that dies in it has failed to start: it is retried a few times with a growing pause, then the pool
  // stops with WorkerStartError. Tests use it to inject start-up failures.
  void (*worker_start_hook)(int worker) = nullptr;
  // Python's maxtasksperchild: a worker exits after running this many tasks (a chunk counts as one, as in
  // CPython) and a new process takes its place, same Worker-N, new pid. nullopt (Python's None): never.
  // 0 or less throws InvalidArgument (Python's ValueError).
  std::optional<int> maxtasksperchild;
};

}  // namespace poolscope
