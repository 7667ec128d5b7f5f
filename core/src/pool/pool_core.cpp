// The parent side of the pool, put together: the shared region, the worker set, the feeder, the result
// drain and the hand-over, driven from the caller's thread (the pool has no threads of its own).
// This file holds the driving loop (spin, yield, then sleep on the eventfd) and PoolCore's API.
#include "poolscope/pool/detail/pool_core.hpp"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>

#include "pool/hand_over.hpp"
#include "pool/job.hpp"
#include "pool/job_feeder.hpp"
#include "pool/record_batch.hpp"
#include "pool/result_drain.hpp"
#include "pool/shared_region.hpp"
#include "pool/worker_set.hpp"
#include "poolscope/util/clock.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::detail {
namespace {

constexpr std::int64_t kParentSpinNs = 250'000;     // covers most gaps between results of short tasks
constexpr unsigned kParentSpins = 4096;             // with the time above: being preempted does not count as spinning
constexpr std::int64_t kSleepSliceNs = 10'000'000;  // the stop flag is noticed within this
constexpr std::int64_t kDeathCheckNs = 2'000'000;
constexpr std::int64_t kRunningPollNs = 1'000'000;  // how often a traced pool looks at what workers run now
constexpr int kMaxProcesses = static_cast<int>(kOwnerMask) - 1;

int checked_processes(int processes) {
  if (processes < 1) {
    throw InvalidArgument("a pool needs at least 1 process, not " + std::to_string(processes) +
                          " (Pool() uses the number of cores)");
  }
  if (processes > kMaxProcesses) {
    throw InputError("a pool can have at most " + std::to_string(kMaxProcesses) + " processes (asked for " +
                     std::to_string(processes) + ")");
  }
  return processes;
}

const PoolOptions& checked_options(const PoolOptions& options) {
  if (options.maxtasksperchild && *options.maxtasksperchild <= 0) {
    throw InvalidArgument("maxtasksperchild must be a positive int or None, not " +
                          std::to_string(*options.maxtasksperchild));
  }
  return options;
}

// Reads every input of a map or apply job now, into pre_bytes in the form chunks travel in.
void preread(Job& j, bool trace) {
  // A few inputs first (apply has one), then more per call as the input goes on.
  constexpr std::size_t kMostBatch = 4096;
  std::size_t batch = 16;
  std::exception_ptr error;
  for (;; batch = std::min(batch * 2, kMostBatch)) {
    std::size_t at = j.pre_bytes.size();
    const std::size_t had = j.pre_repr.size();
    if (trace) j.pre_repr.resize(had + batch);
    const std::size_t n = j.spec.source(j.pre_bytes, trace ? j.pre_repr.data() + had : nullptr, batch, error);
    if (trace) j.pre_repr.resize(had + n);
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t length = 0;
      std::memcpy(&length, j.pre_bytes.data() + at, sizeof length);
      at += sizeof length + length;
      j.pre_end.push_back(at);
    }
    if (error) std::rethrow_exception(error);
    if (n < batch) break;
  }
  j.has_preread = true;
}

}  // namespace

struct PoolCore::State {
  State(int n, const PoolOptions& options)
      : opt(checked_options(options)),
        trace(options.trace),
        processes(checked_processes(n)),
        region(processes, options.input_bytes, options.result_bytes, trace),
        workers(region, options.start_method, processes,
                [this](std::uint32_t slot, int status) { on_worker_exit(slot, status); }),
        batch(options.sink, trace),
        feeder(region, jobs, chunks, trace),
        drain(region, jobs, chunks, workers, batch, trace),
        hand_over(jobs, batch) {}

  PoolOptions opt;
  bool trace = true;
  int processes = 0;
  SharedRegion region;
  WorkerSet workers;
  JobStorage spare;  // what a finished job left for the next (declared before `jobs`, which give to it)
  JobMap jobs;
  ChunksInFlight chunks;
  RecordBatch batch;
  JobFeeder feeder;
  ResultDrain drain;
  HandOver hand_over;
  std::uint64_t next_job = 1;
  std::size_t unsettled = 0;  // async jobs not settled yet

  bool terminated = false;
  std::atomic<bool> stop_requested{false};
  std::int64_t last_death_check = monotonic_ns();
  std::int64_t last_running_poll = 0;
  StampClock clock;  // for the driving loop's own timing (death checks, batches, polls)

  // A worker died: its tasks are `crashed`, and a new process takes its place while work is left.
  void on_worker_exit(std::uint32_t slot, int status) {
    drain.drain_ring(slot);
    drain.crash_chunks_of(slot, workers.describe_exit(slot, status));
    region.reset_ring(slot);
    const SharedHeader& h = region.header();
    const bool work_left = h.next_claim.load() < h.published.load() || !feeder.shutdown_sent();
    if (terminated || !work_left) return;
    try {
      workers.spawn(slot);
    } catch (...) {
      kill_all();  // no worker can take this one's place: the pool cannot go on
      throw;
    }
  }

  void poll_events(std::int64_t timeout_ns) {
    workers.poll(timeout_ns);
    last_death_check = monotonic_ns();
  }

  void check_stop() {
    if (stop_requested.load(std::memory_order_relaxed) || (opt.stop != nullptr && opt.stop->requested())) {
      kill_all();
      throw PoolStopped();
    }
  }

  bool pump() {
    bool progress = drain.drain();
    const auto now = clock.now();
    if (now - last_death_check >= kDeathCheckNs) poll_events(0);
    if (batch.enabled() && now - last_running_poll >= kRunningPollNs) {
      drain.poll_running();
      last_running_poll = now;
    }
    progress |= feeder.feed();
    batch.maybe_flush(now);
    return progress;
  }

  void sleep_wait(std::int64_t timeout_ns) {
    batch.flush();
    region.header().parent_waiting.store(1, std::memory_order_seq_cst);
    if (!region.rings_pending()) poll_events(timeout_ns);
    region.header().parent_waiting.store(0, std::memory_order_seq_cst);
  }

  // Hands the finished async jobs to their results (and callbacks). The list is taken first: a callback
  // may submit new jobs.
  void settle_async() {
    if (unsettled == 0) return;
    std::vector<std::uint64_t> finished;
    for (auto& [id, j] : jobs) {
      if (j->spec.settle && j->complete()) finished.push_back(id);
    }
    for (const auto id : finished) {
      Job* j = hand_over.find(id);
      if (j == nullptr || !j->spec.settle) continue;
      SettleFn settle = std::move(j->spec.settle);
      j->spec.settle = nullptr;
      --unsettled;
      RunResults results;
      const auto raised = hand_over.collect(*j, results);
      settle(raised, results);
    }
  }

  // Drives the pool until ready() holds; false at the deadline (< 0: none).
  template <class Ready> bool drive(Ready ready, std::int64_t deadline) {
    std::int64_t idle_since = 0;
    unsigned spins = 0;
    for (;;) {
      check_stop();
      settle_async();
      if (ready()) return true;
      if (terminated) throw PoolStopped();
      if (pump()) {
        idle_since = 0;
        spins = 0;
        continue;
      }
      settle_async();
      if (ready()) return true;
      if ((++spins & 15) != 0) {
        cpu_relax();
        continue;
      }
      const auto now = clock.now();
      if (deadline >= 0 && now >= deadline) return false;
      if (idle_since == 0) idle_since = now;
      if (now - idle_since < kParentSpinNs || spins < kParentSpins) {
        // With fewer cores than workers + caller, the worker we wait for may share this core: let it run
        // now rather than at the end of our time slice (that costs ~50 us per hand-off).
        sched_yield();
        continue;
      }
      auto slice = kSleepSliceNs;
      if (deadline >= 0 && deadline - now < slice) slice = deadline - now;
      sleep_wait(slice);
      idle_since = 0;
      spins = 0;
    }
  }

  void kill_all() noexcept {
    if (terminated) return;
    terminated = true;
    region.announce_shutdown(2);
    workers.kill_all();
    try {
      batch.flush();
    } catch (...) {}
  }
};

PoolCore::PoolCore(int processes, const PoolOptions& options) : s_(std::make_unique<State>(processes, options)) {
  State& s = *s_;
  s.region.header().start_hook = reinterpret_cast<std::uintptr_t>(options.worker_start_hook);
  s.region.header().max_tasks_per_child = static_cast<std::uint64_t>(options.maxtasksperchild.value_or(0));
  try {
    for (std::uint32_t w = 0; w < s.workers.size(); ++w) s.workers.spawn(w);
  } catch (...) {
    s.kill_all();
    throw;
  }
  s.last_death_check = monotonic_ns();
}

PoolCore::~PoolCore() { s_->kill_all(); }

int PoolCore::cpu_count() {
  const long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : static_cast<int>(std::min<long>(n, kMaxProcesses));
}

int PoolCore::processes() const { return s_->processes; }
bool PoolCore::tracing() const { return s_->trace; }

std::uint64_t PoolCore::submit(JobSpec spec) {
  State& s = *s_;
  if (s.terminated) throw PoolStopped();
  if (s.feeder.closed()) throw UsageError("the pool is closed: no new tasks can be submitted");
  auto job = std::make_unique<Job>();
  Job& j = *job;
  j.id = s.next_job++;
  j.spec = std::move(spec);
  s.spare.lend(j.tasks, j.chunks);
  j.recycle_into = &s.spare;
  const bool is_map = j.spec.kind == JobKind::map || j.spec.kind == JobKind::apply;
  // Python's map takes len() of a sequence and iterates it while the workers run; an input without a
  // length (and map_async's, which Python reads at once) is read in full now.
  if (is_map && !(j.spec.kind == JobKind::map && j.spec.length && !j.spec.settle)) {
    preread(j, s.trace);
    j.spec.length = j.pre_end.size();
  }
  if (j.spec.chunksize == 0) {
    // map's default (Python's): ceil(n / (4 x processes)); imap's is 1.
    const std::size_t per = static_cast<std::size_t>(s.processes) * 4;
    const std::size_t n = is_map ? j.spec.length.value_or(0) : 0;
    j.spec.chunksize = n == 0 ? 1 : (n + per - 1) / per;
  }
  if (j.spec.length) {
    // Sized once: a map of a million tasks must not grow its bookkeeping step by step. imap holds at most
    // the tasks in flight: up to a limit (task columns are about 40 bytes a task, chunk slots more).
    constexpr std::size_t kMostTasks = std::size_t{1} << 17;
    constexpr std::size_t kMostChunks = std::size_t{1} << 12;
    std::size_t n = *j.spec.length;
    if (!is_map) n = std::min(n, kMostTasks);
    if (j.spec.max_in_flight != 0) n = std::min(n, j.spec.max_in_flight + j.spec.chunksize);
    const std::size_t chunks = (n + j.spec.chunksize - 1) / j.spec.chunksize;
    j.tasks.reserve(n, s.trace);
    j.chunks.reserve(is_map ? chunks : std::min(chunks, kMostChunks));
  }
  if (j.spec.max_in_flight != 0) j.bound = std::max(j.spec.max_in_flight, j.spec.chunksize);
  const auto id = j.id;
  if (j.spec.settle) ++s.unsettled;
  s.jobs.emplace(id, std::move(job));
  s.feeder.feed();
  return id;
}

bool PoolCore::next(std::uint64_t job, TaskRecord& record, std::string_view& result) {
  State& s = *s_;
  Job* j = s.hand_over.find(job);
  if (j == nullptr) return false;
  s.drive([&] { return s.hand_over.ready(*j); }, -1);
  return s.hand_over.next(*j, record, result);
}

bool PoolCore::wait_until(const std::function<bool()>& done, std::int64_t timeout_ns) {
  State& s = *s_;
  if (s.terminated) return done();
  const auto deadline = timeout_ns < 0 ? -1 : monotonic_ns() + timeout_ns;
  return s.drive(done, deadline);
}

std::int64_t PoolCore::collect(std::uint64_t job, RunResults& results) {
  State& s = *s_;
  results = RunResults();
  Job* j = s.hand_over.find(job);
  if (j == nullptr) return -1;
  s.drive([&] { return j->complete(); }, -1);
  return s.hand_over.collect(*j, results);
}

void PoolCore::recycle(RunResults& results) noexcept { results.give_storage(s_->spare); }

void PoolCore::release(std::uint64_t job) noexcept {
  State& s = *s_;
  Job* j = s.hand_over.find(job);
  if (j != nullptr) s.hand_over.release(*j);
}

void PoolCore::close() {
  State& s = *s_;
  if (s.feeder.closed() || s.terminated) return;
  s.feeder.close();
  s.feeder.feed();
}

void PoolCore::join() {
  State& s = *s_;
  if (s.terminated) return;
  if (!s.feeder.closed()) throw UsageError("the pool is still running: call close() or terminate() before join()");
  s.feeder.ignore_bounds();
  s.drive(
      [&] {
        if (s.unsettled > 0) return false;
        for (auto& [id, j] : s.jobs) {
          if (!j->complete()) return false;
        }
        return true;
      },
      -1);
  // The workers exit by themselves once the queue is empty.
  s.drive([&] { return !s.workers.any_alive(); }, -1);
  s.batch.flush();
}

void PoolCore::terminate() noexcept { s_->kill_all(); }

void PoolCore::request_stop() noexcept { s_->stop_requested.store(true, std::memory_order_relaxed); }

std::vector<WorkerProcess> PoolCore::worker_processes() const { return s_->workers.alive(); }

}  // namespace poolscope::detail
