// A process pool shaped like Python's multiprocessing.Pool: forked workers pull the next task (or chunk)
// when idle, so the schedule is the one Python would produce. Tasks are plain functions (no captures).
#pragma once

// API CONTRACT (other rooms code against these names; the engine room may add, not rename):
//
//   enum class StartMethod { fork, forkserver };
//   class StopFlag { void request() noexcept /* async-signal-safe */; bool requested() const noexcept; };
//   struct PoolOptions { StartMethod start_method; TraceSink* sink; bool trace; StopFlag* stop; };
//
//   Pool pool(3, options);                        // 0 processes = number of cores
//   std::vector<R> pool.map(fn, inputs, chunksize = 0 /* Python default */);
//   std::vector<R> pool.starmap(fn, vector<tuple<A...>>, chunksize = 0);
//   auto it = pool.imap(fn, inputs, chunksize = 1);            // inputs: any input range, read lazily
//   auto it = pool.imap_unordered(fn, inputs, chunksize = 1);
//       std::optional<R> it.next();   // nullopt at the end; throws TaskError / WorkerCrashed at a failed
//                                     // task's position and can be called again to go on
//       for (R r : it) ...            // range-for; a failure throws out of the loop
//   AsyncResult<R> pool.apply_async(fn, args...);  R get(); bool ready(); wait_for(seconds)
//   pool.close(); pool.join(); pool.terminate();   // ~Pool terminates if not joined
//   pool.request_stop();                           // any thread / signal handler; waiting calls throw PoolStopped
//   std::vector<WorkerProcess> pool.worker_processes();  // current (worker id, pid) pairs
//
// Every task publishes TaskRecord snapshots to options.sink (started, finished, emitted).
// `fn` is R(*)(A) with A and R encodable by codec.hpp (trivially copyable, std::string, vectors).

#include "poolscope/pool_impl.hpp"
