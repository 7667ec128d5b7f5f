// Pool benchmarks: each figure runs on a fresh pool so one measurement cannot warm up or slow another.
#include "poolscope/bench/bench_suite.hpp"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "poolscope/pool/fork_server.hpp"
#include "poolscope/pool/pool.hpp"
#include "poolscope/util/clock.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::bench {

namespace {

std::int64_t noop(std::int64_t x) { return x; }

std::int64_t nap(std::int64_t microseconds) {
  timespec ts{0, static_cast<long>(microseconds) * 1000};
  while (nanosleep(&ts, &ts) != 0) {}
  return microseconds;
}

std::vector<std::int64_t> iota_inputs(std::size_t n) {
  std::vector<std::int64_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::int64_t>(i);
  return v;
}

PoolOptions plain_options() {
  PoolOptions o;
  o.trace = false;  // Python's Pool records nothing; the tracing section measures what tracing adds
  return o;
}

// Runs every input through `mode` and returns the elapsed time from the call to the last result.
std::int64_t timed_run(Pool& pool, Mode mode, const std::vector<std::int64_t>& inputs, int chunksize) {
  std::size_t received = 0;
  const std::int64_t t0 = monotonic_ns();
  switch (mode) {
    case Mode::map: received = pool.map(&noop, inputs, chunksize).size(); break;
    case Mode::imap:
      for (auto it = pool.imap(&noop, inputs, chunksize); it.next();) ++received;
      break;
    case Mode::imap_unordered:
      for (auto it = pool.imap_unordered(&noop, inputs, chunksize); it.next();) ++received;
      break;
  }
  const std::int64_t elapsed = monotonic_ns() - t0;
  if (received != inputs.size()) throw SystemError("a benchmark run lost results");
  return elapsed;
}

void finish(Pool& pool) {
  pool.close();
  pool.join();
}

// Drains a BufferedSink on its own thread every ~16 ms for as long as it lives, as the GUI's 60 Hz timer
// does, so a traced figure pays for the sink's lock and copies the way a live chart makes it pay.
// Started only once the pool's workers exist: forking while this thread runs would not be safe.
class SinkDrainer {
 public:
  explicit SinkDrainer(BufferedSink& sink) : sink_(sink), thread_([this](std::stop_token stop) { run(stop); }) {}
  SinkDrainer(const SinkDrainer&) = delete;
  SinkDrainer& operator=(const SinkDrainer&) = delete;
  // Stops the thread and drains what is left; returns every record drained.
  std::size_t stop() {
    if (thread_.joinable()) {
      thread_.request_stop();
      thread_.join();
    }
    take();
    return drained_;
  }
  ~SinkDrainer() { stop(); }

 private:
  void run(std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any tick;
    std::unique_lock lock(mutex);
    while (!stop.stop_requested()) {
      tick.wait_for(lock, stop, std::chrono::milliseconds(16), [] { return false; });
      take();
    }
  }
  // Reads a batch as a consumer would, and gives its vector back (as the GUI does).
  void take() {
    for (auto& batch : sink_.drain_snapshots()) {
      drained_ += batch.size();
      sink_.recycle(std::move(batch));
    }
  }

  BufferedSink& sink_;
  std::size_t drained_ = 0;  // written by the thread until it is joined, then by stop()
  std::jthread thread_;
};

// One figure on a fresh pool: a 1,000-task warm-up (workers exist, shared memory is touched), then the
// timed run. Traced: PoolOptions::trace on and a BufferedSink drained concurrently, as the GUI runs a pool.
std::int64_t fresh_pool_run(int workers, Mode mode, const std::vector<std::int64_t>& inputs, int chunksize,
                            bool traced) {
  const auto warm_up = iota_inputs(std::min<std::size_t>(inputs.size(), 1000));
  BufferedSink sink;
  PoolOptions options = plain_options();
  options.trace = traced;
  options.sink = traced ? &sink : nullptr;
  Pool pool(workers, options);
  timed_run(pool, mode, warm_up, 1);
  sink.drain();
  std::int64_t elapsed = 0;
  if (traced) {
    SinkDrainer drainer(sink);
    elapsed = timed_run(pool, mode, inputs, chunksize);
    if (drainer.stop() < inputs.size()) throw SystemError("a traced benchmark run published fewer records than tasks");
  } else {
    elapsed = timed_run(pool, mode, inputs, chunksize);
  }
  finish(pool);
  return elapsed;
}

}  // namespace

int core_count() {
  const long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<int>(n) : 1;
}

int auto_chunksize(std::size_t tasks, int workers) {
  const std::size_t per = static_cast<std::size_t>(std::max(workers, 1)) * 4;
  return static_cast<int>(std::max<std::size_t>(1, (tasks + per - 1) / per));
}

std::vector<ThroughputFigure> measure_throughput(int workers, std::size_t tasks, const std::vector<int>& chunksizes) {
  const auto inputs = iota_inputs(tasks);
  std::vector<ThroughputFigure> figures;
  for (const int asked : chunksizes) {
    const bool automatic = asked == kAutoChunksize;
    const int chunksize = automatic ? auto_chunksize(tasks, workers) : asked;
    for (const Mode mode : {Mode::map, Mode::imap, Mode::imap_unordered}) {
      // Untraced and traced back to back, so that a noisy moment of the machine hits both alike.
      for (const bool traced : {false, true}) {
        const std::int64_t elapsed = fresh_pool_run(workers, mode, inputs, chunksize, traced);
        figures.push_back({mode, automatic, chunksize, rate_per_second(tasks, elapsed), traced});
      }
    }
  }
  return figures;
}

LatencySummary measure_apply_async(int workers, std::size_t samples) {
  Pool pool(workers, plain_options());
  for (std::int64_t i = 0; i < 50; ++i) pool.apply_async(&noop, i).get();
  std::vector<std::int64_t> round_trips;
  round_trips.reserve(samples);
  for (std::size_t i = 0; i < samples; ++i) {
    const std::int64_t t0 = monotonic_ns();
    const std::int64_t r = pool.apply_async(&noop, static_cast<std::int64_t>(i)).get();
    round_trips.push_back(monotonic_ns() - t0);
    if (r != static_cast<std::int64_t>(i)) throw SystemError("apply_async returned a wrong result");
  }
  finish(pool);
  return summarize_ns(round_trips);
}

namespace {

// Keeps the emitted snapshots: their finish and emit stamps are the emission latency.
class EmissionSink final : public TraceSink {
 public:
  void publish(std::span<const TaskRecord> changed) override {
    for (const TaskRecord& r : changed) {
      if (r.emit_ns > 0 && r.finish_ns > 0 && r.status == TaskStatus::ok) latencies.push_back(r.emit_ns - r.finish_ns);
    }
  }
  std::vector<std::int64_t> latencies;
};

}  // namespace

LatencySummary measure_emission(int workers, std::size_t tasks, double task_us) {
  EmissionSink sink;
  PoolOptions options;
  options.trace = true;
  options.sink = &sink;
  Pool pool(workers, options);
  const std::vector<std::int64_t> inputs(tasks, static_cast<std::int64_t>(task_us));
  std::size_t received = 0;
  for (auto it = pool.imap_unordered(&nap, inputs, 1); it.next();) ++received;
  finish(pool);
  if (received != tasks || sink.latencies.empty()) {
    throw SystemError("the pool published no emitted records: emission latency cannot be measured");
  }
  return summarize_ns(sink.latencies);
}

std::vector<StartupFigure> measure_startup(const std::vector<int>& sizes, int repeats) {
  std::vector<StartupFigure> figures;
  std::vector<StartMethod> methods{StartMethod::fork};
  if (ForkServer::running()) methods.push_back(StartMethod::forkserver);
  for (const StartMethod method : methods) {
    {
      // Untimed: the first pool of a process pays for first-touch page faults and lazy symbol binding.
      PoolOptions options = plain_options();
      options.start_method = method;
      Pool warm_up(1, options);
      warm_up.apply_async(&noop, std::int64_t{0}).get();
      finish(warm_up);
    }
    for (const int size : sizes) {
      std::vector<double> ms;
      for (int r = 0; r < repeats; ++r) {
        PoolOptions options = plain_options();
        options.start_method = method;
        const std::int64_t t0 = monotonic_ns();
        Pool pool(size, options);
        pool.apply_async(&noop, std::int64_t{1}).get();
        ms.push_back(static_cast<double>(monotonic_ns() - t0) / 1e6);
        finish(pool);
      }
      figures.push_back({method == StartMethod::fork ? "fork" : "forkserver", size, percentile(ms, 50.0)});
    }
  }
  return figures;
}

TracingFigure measure_tracing(int workers, std::size_t tasks) {
  const auto inputs = iota_inputs(tasks);
  std::int64_t best[2] = {INT64_MAX, INT64_MAX};  // [0] untraced, [1] traced
  // Alternate the two so that machine noise hits both alike; keep the best of each.
  for (int round = 0; round < 3; ++round) {
    for (const int traced : {0, 1}) {
      best[traced] = std::min(best[traced], fresh_pool_run(workers, Mode::imap, inputs, 1, traced == 1));
    }
  }
  return {rate_per_second(tasks, best[1]), rate_per_second(tasks, best[0])};
}

void check_chunksizes(const std::vector<int>& chunksizes) {
  if (chunksizes.empty()) throw InputError("--chunksizes needs at least one chunksize");
  for (std::size_t i = 0; i < chunksizes.size(); ++i) {
    const int k = chunksizes[i];
    if (k < 0 || k > kMaxChunksize) {
      throw InputError("--chunksizes takes chunksizes between 1 and " + std::to_string(kMaxChunksize) +
                       ", or auto, not " + std::to_string(k));
    }
    if (std::find(chunksizes.begin(), chunksizes.begin() + static_cast<std::ptrdiff_t>(i), k) !=
        chunksizes.begin() + static_cast<std::ptrdiff_t>(i)) {
      throw InputError("--chunksizes lists " + (k == kAutoChunksize ? std::string("auto") : std::to_string(k)) +
                       " twice");
    }
  }
}

BenchFigures run_suite(const SuiteOptions& o) {
  if (o.workers < 0 || o.workers > 64) throw InputError("--workers must be between 1 and 64");
  if (o.tasks < 1) throw InputError("--tasks must be at least 1");
  if (o.latency_samples < 1) throw InputError("--samples must be at least 1");
  if (o.startup_repeats < 1) throw InputError("the start-up repeat count must be at least 1");
  check_chunksizes(o.chunksizes);
  BenchFigures f;
  f.cores = core_count();
  f.workers = o.workers > 0 ? o.workers : f.cores;
  f.tasks = o.tasks;
  f.auto_chunksize = auto_chunksize(o.tasks, f.workers);
  // Start-up first: forking copies the caller's page tables and write-protects its memory, so it slows
  // down as the caller grows, and the throughput runs leave ~50 MB of freed heap behind. A program
  // usually creates its pool early; that is the figure worth reporting.
  if (o.startup) f.startup = measure_startup(o.startup_workers, o.startup_repeats);
  if (o.throughput) f.throughput = measure_throughput(f.workers, o.tasks, o.chunksizes);
  if (o.latency) {
    f.apply_async = measure_apply_async(f.workers, o.latency_samples);
    f.emission = measure_emission(f.workers, o.latency_samples, o.emission_task_us);
  }
  if (o.tracing) f.tracing = measure_tracing(f.workers, o.tasks);
  return f;
}

}  // namespace poolscope::bench
