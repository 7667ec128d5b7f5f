// The parent side of the pool: forks (or asks the fork server for) workers, publishes chunks to the
// shared queue, drains the workers' result rings, notices dead workers, and hands results to the caller
// in the order each mode promises. Everything runs on the caller's thread; the pool has no threads.
#include "poolscope/pool/detail/pool_core.hpp"

#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <deque>
#include <map>
#include <stdexcept>
#include <string>

#include "pool/fork_server_connection.hpp"
#include "pool/recycling_queue.hpp"
#include "pool/shared_queue.hpp"
#include "poolscope/util/clock.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::detail {
namespace {

constexpr std::int64_t kParentSpinNs = 250'000;     // covers most gaps between results of short tasks
constexpr unsigned kParentSpins = 4096;             // with the time above: being preempted does not count as spinning
constexpr std::int64_t kSleepSliceNs = 10'000'000;  // the stop flag is noticed within this
constexpr std::int64_t kDeathCheckNs = 2'000'000;
constexpr std::int64_t kFlushNs = 5'000'000;
constexpr std::size_t kFlushBatch = 4096;
constexpr std::uint64_t kChunkSlots = 1 << 16;
constexpr int kMaxProcesses = static_cast<int>(kOwnerMask) - 1;

std::uint64_t align_up(std::uint64_t n, std::uint64_t a) { return (n + a - 1) / a * a; }

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

int pidfd_open(pid_t pid) { return static_cast<int>(syscall(SYS_pidfd_open, pid, 0)); }

std::string describe_exit(int id, pid_t pid, int status) {
  std::string who = "Worker-" + std::to_string(id) + " (pid " + std::to_string(pid) + ")";
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* abbrev = sigabbrev_np(sig);
    return who + " was killed by signal " + std::to_string(sig) +
           (abbrev != nullptr ? " (SIG" + std::string(abbrev) + ")" : std::string());
  }
  if (WIFEXITED(status)) return who + " exited with code " + std::to_string(WEXITSTATUS(status));
  return who + " died";
}

struct TaskState {
  TaskRecord rec;
  std::string result;
  bool done = false;
  bool deliverable = false;  // its whole chunk finished: the caller may receive it
  bool emitted = false;
};

// Clears a recycled slot but keeps its strings' capacity.
void reset(TaskState& t) {
  TaskRecord& r = t.rec;
  r.input.clear();
  r.result.clear();
  r.message.clear();
  r.worker = r.pid = 0;
  r.chunk = 0;
  r.submit_ns = r.start_ns = r.finish_ns = r.emit_ns = 0;
  r.emit_order = -1;
  r.status = TaskStatus::pending;
  t.result.clear();
  t.done = t.deliverable = t.emitted = false;
}

struct Job;

struct ChunkInfo {
  Job* job = nullptr;
  std::uint64_t first = 0;  // index of its first task in the job
  std::uint32_t count = 0;
  std::uint32_t done = 0;
  std::uint64_t input_end = 0;  // input ring position after its bytes
  bool finished = false;
  std::int64_t failed_index = -1;  // the task whose exception abandoned the rest of the chunk
};

struct Job {
  std::uint64_t id = 0;
  JobSpec spec;
  std::size_t bound = 0;  // max tasks read but not handed over (0 = none)
  // map / apply read their inputs up front, into one buffer (no allocation per task).
  bool has_preread = false;
  std::string pre_bytes;
  std::vector<std::uint64_t> pre_end;
  std::vector<std::string> pre_repr;
  std::size_t pre_next = 0;
  RecyclingQueue<TaskState> tasks;
  std::uint64_t base = 0;  // index of tasks.front()
  std::uint64_t read = 0;  // tasks created so far
  std::uint64_t finished = 0;
  std::uint64_t emitted = 0;
  std::uint64_t next_ordered = 0;
  std::uint64_t chunks = 0;
  RecyclingQueue<std::uint64_t> ready;
  std::string build;  // the chunk being assembled
  std::uint32_t build_count = 0;
  EncodedInput scratch;
  bool source_done = false;
  bool fed_all = false;
  bool released = false;

  TaskState& task(std::uint64_t index) { return tasks[index - base]; }
  bool complete() const { return fed_all && finished == read; }
  void pop_emitted() {
    while (!tasks.empty() && tasks.front().emitted) {
      tasks.pop_front();
      ++base;
    }
  }
};

struct WorkerSlot {
  int id = 0;
  pid_t pid = 0;
  int pidfd = -1;
  bool alive = false;
};

}  // namespace

struct PoolCore::State {
  PoolOptions opt;
  int processes = 0;
  bool trace = true;
  int memfd = -1;
  int eventfd = -1;
  void* base = nullptr;
  std::size_t map_size = 0;
  SharedView v;
  std::unique_ptr<ForkServerConnection> server;
  std::vector<WorkerSlot> workers;

  std::map<std::uint64_t, std::unique_ptr<Job>> jobs;
  std::uint64_t next_job = 1;
  RecyclingQueue<ChunkInfo> chunks;
  std::uint64_t chunk_base = 0;
  std::uint64_t input_head = 0;
  std::uint64_t input_tail = 0;

  bool closed = false;
  bool terminated = false;
  bool shutdown_sent = false;
  bool joining = false;
  std::atomic<bool> stop_requested{false};

  std::vector<TaskRecord> changes;
  std::int64_t last_flush = 0;
  std::int64_t last_death_check = 0;
  std::int64_t feed_now = 0;

  SharedHeader& h() { return *v.header; }

  // ---- setup ------------------------------------------------------------------------------------

  void create_memory() {
    const std::uint64_t input_cap = std::max<std::uint64_t>(opt.input_bytes, 1 << 16);
    const std::uint64_t result_cap = std::max<std::uint64_t>(opt.result_bytes, 1 << 16);
    const std::uint64_t chunks_off = align_up(sizeof(SharedHeader), 64);
    const std::uint64_t rings_off = align_up(chunks_off + kChunkSlots * sizeof(ChunkSlot), 64);
    const std::uint64_t input_off = align_up(rings_off + processes * sizeof(RingControl), 4096);
    const std::uint64_t results_off = align_up(input_off + input_cap, 4096);
    map_size = results_off + processes * align_up(result_cap, 4096);

    // Anonymous memfd: no name in /dev/shm to leak, and an fd the fork server can receive.
    memfd = static_cast<int>(syscall(SYS_memfd_create, "poolscope-pool", MFD_CLOEXEC));
    if (memfd < 0) throw SystemError(errno_text("cannot create the pool's shared memory"));
    if (ftruncate(memfd, static_cast<off_t>(map_size)) != 0) {
      throw SystemError(errno_text("cannot size the pool's shared memory"));
    }
    base = mmap(nullptr, map_size, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
    if (base == MAP_FAILED) {
      base = nullptr;
      throw SystemError(errno_text("cannot map the pool's shared memory"));
    }
    auto* header = new (base) SharedHeader;
    header->chunk_slots = kChunkSlots;
    header->input_capacity = input_cap;
    header->result_capacity = align_up(result_cap, 4096);
    header->chunks_offset = chunks_off;
    header->rings_offset = rings_off;
    header->input_offset = input_off;
    header->results_offset = results_off;
    header->workers = static_cast<std::uint32_t>(processes);
    header->trace.store(trace ? 1 : 0);
    auto* bytes = static_cast<char*>(base);
    new (bytes + chunks_off) ChunkSlot[kChunkSlots];
    new (bytes + rings_off) RingControl[static_cast<std::size_t>(processes)];
    v = SharedView::of(base);

    eventfd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (eventfd < 0) throw SystemError(errno_text("cannot create the pool's eventfd"));
  }

  void spawn(std::uint32_t slot) {
    WorkerSlot& w = workers[slot];
    pid_t pid;
    if (opt.start_method == StartMethod::fork) {
      const pid_t parent = getpid();
      pid = fork();
      if (pid < 0) throw SystemError(errno_text("cannot fork a worker"));
      if (pid == 0) worker_main(base, slot, eventfd, parent);
    } else {
      pid = server->spawn(slot);
    }
    w.pid = pid;
    w.alive = true;
    w.pidfd = pidfd_open(pid);  // may fail if it already died; the exit report still comes
    // Return once it has named itself, so `ps` / pgrep -x Worker-N see it as soon as the pool exists.
    const auto deadline = monotonic_ns() + 2'000'000'000;
    while (v.rings[slot].ready_pid.load(std::memory_order_acquire) != pid && monotonic_ns() < deadline) {
      if (w.pidfd >= 0) {
        pollfd p{w.pidfd, POLLIN, 0};
        if (poll(&p, 1, 0) > 0) break;  // died already: the exit is handled like any other
      }
      const timespec pause{0, 20'000};
      nanosleep(&pause, nullptr);
    }
  }

  // ---- feeding the queue ------------------------------------------------------------------------

  bool next_input(Job& j, EncodedInput& in) {
    if (j.has_preread) {
      if (j.pre_next == j.pre_end.size()) {
        std::string().swap(j.pre_bytes);
        std::vector<std::uint64_t>().swap(j.pre_end);
        std::vector<std::string>().swap(j.pre_repr);
        j.pre_next = 0;
        return false;
      }
      const std::uint64_t begin = j.pre_next == 0 ? 0 : j.pre_end[j.pre_next - 1];
      in.bytes.assign(j.pre_bytes, begin, j.pre_end[j.pre_next] - begin);
      if (!j.pre_repr.empty()) in.repr.swap(j.pre_repr[j.pre_next]);
      ++j.pre_next;
      return true;
    }
    return j.spec.source(in);
  }

  void wake_workers(std::uint64_t count) {
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (h().sleepers.load(std::memory_order_seq_cst) != 0) {
      h().work_seq.fetch_add(1, std::memory_order_seq_cst);
      futex_wake(h().work_seq, count > INT_MAX ? INT_MAX : static_cast<int>(count));
    }
  }

  // Publishes the job's assembled chunk; false if the queue or the input ring is full for now.
  bool publish(Job& j) {
    const std::uint64_t need = j.build.size();
    const auto cap = h().input_capacity;
    if (need > cap) {
      throw SystemError("a chunk's inputs (" + std::to_string(need) + " bytes) do not fit the pool's input buffer (" +
                        std::to_string(cap) + " bytes); use a smaller chunksize or raise PoolOptions::input_bytes");
    }
    if (cap - (input_head - input_tail) < need || chunks.size() >= kChunkSlots) return false;
    const std::uint64_t c = chunk_base + chunks.size();
    ChunkSlot& slot = v.chunks[c % kChunkSlots];
    ring_put(v.input, cap, input_head, j.build.data(), need);
    slot.fn = j.spec.fn;
    slot.invoke = reinterpret_cast<std::uintptr_t>(j.spec.invoke);
    slot.input_pos = input_head;
    slot.input_bytes = need;
    slot.count = j.build_count;
    slot.state.store(c << kOwnerBits, std::memory_order_relaxed);
    input_head += need;
    ChunkInfo info;
    info.job = &j;
    info.first = j.read - j.build_count;
    info.count = j.build_count;
    info.input_end = input_head;
    chunks.push_back(info);
    const auto now = feed_now;
    for (std::uint64_t i = info.first; i < j.read; ++i) j.task(i).rec.submit_ns = now;
    j.build.clear();
    j.build_count = 0;
    ++j.chunks;
    return true;
  }

  // Reads inputs and publishes chunks while there is room. Returns true if anything was published.
  bool feed_job(Job& j, std::uint64_t& published, bool& blocked) {
    for (;;) {
      if (j.build_count > 0 && (j.build_count == j.spec.chunksize || j.source_done)) {
        if (!publish(j)) {
          blocked = true;
          return published > 0;
        }
        ++published;
        continue;
      }
      if (j.source_done) {
        j.fed_all = true;
        return published > 0;
      }
      // join() must be able to finish every task even if nobody consumes them: the bound no longer holds.
      if (j.bound != 0 && !joining && j.read - j.emitted >= j.bound) return published > 0;
      if (chunks.size() >= kChunkSlots) {
        blocked = true;
        return published > 0;
      }
      if (!next_input(j, j.scratch)) {
        j.source_done = true;
        continue;
      }
      const auto len = static_cast<std::uint32_t>(j.scratch.bytes.size());
      j.build.append(reinterpret_cast<const char*>(&len), sizeof len);
      j.build.append(j.scratch.bytes);
      ++j.build_count;
      TaskState& t = j.tasks.push_back_recycled();
      reset(t);
      t.rec.index = j.read++;
      t.rec.chunk = j.chunks;
      if (trace) t.rec.input.swap(j.scratch.repr);
    }
  }

  bool feed() {
    feed_now = monotonic_ns();
    std::uint64_t published = 0;
    bool blocked = false;
    bool all_fed = true;
    for (auto& [id, jp] : jobs) {
      Job& j = *jp;
      if (!j.fed_all && !j.released && !blocked) feed_job(j, published, blocked);
      if (!j.fed_all) all_fed = false;
    }
    if (published > 0) {
      // One store for the whole batch: workers see the queue grow without the line bouncing per chunk.
      h().published.store(chunk_base + chunks.size(), std::memory_order_release);
      wake_workers(published);
    }
    if (closed && all_fed && !shutdown_sent) {
      // Workers exit once the queue is empty; only now is nothing more coming.
      shutdown_sent = true;
      h().shutdown.store(1, std::memory_order_seq_cst);
      h().work_seq.fetch_add(1, std::memory_order_seq_cst);
      futex_wake(h().work_seq, INT_MAX);
    }
    return published > 0;
  }

  // ---- results ----------------------------------------------------------------------------------

  void note(const TaskRecord& rec) {
    if (trace && opt.sink != nullptr) changes.push_back(rec);
  }

  void flush() {
    if (changes.empty()) return;
    if (opt.sink != nullptr) opt.sink->publish(changes);
    changes.clear();
    last_flush = monotonic_ns();
  }

  void maybe_flush(std::int64_t now) {
    if (!changes.empty() && (changes.size() >= kFlushBatch || now - last_flush >= kFlushNs)) flush();
  }

  void complete_chunk(ChunkInfo& ci) {
    ci.finished = true;
    Job& j = *ci.job;
    for (std::uint64_t i = ci.first; i < ci.first + ci.count; ++i) {
      TaskState& t = j.task(i);
      t.deliverable = true;
      if (j.released) {
        t.emitted = true;
        ++j.emitted;
      } else if (j.spec.kind == JobKind::imap_unordered || j.spec.kind == JobKind::apply) {
        j.ready.push_back(i);
      }
    }
    if (j.released) j.pop_emitted();
    while (!chunks.empty() && chunks.front().finished) {
      input_tail = chunks.front().input_end;
      chunks.pop_front();
      ++chunk_base;
    }
    // Nobody will ask for a dropped job again: once its last chunk is in, forget it, or a long-lived pool
    // (the GUI's) keeps every stopped run's bookkeeping. Finished chunks still queued behind an unfinished
    // one keep a dangling `job`, but nothing reads a finished chunk's job.
    if (j.released && j.complete()) jobs.erase(j.id);
  }

  void finish_task(ChunkInfo& ci, TaskState& t) {
    t.done = true;
    ++ci.job->finished;
    note(t.rec);
    if (++ci.done == ci.count) complete_chunk(ci);
  }

  void handle(std::uint32_t slot, const MsgHeader& m, const char* ring, std::uint64_t payload_pos) {
    if (m.chunk < chunk_base || m.chunk - chunk_base >= chunks.size()) return;
    ChunkInfo& ci = chunks[m.chunk - chunk_base];
    if (ci.finished || m.pos >= ci.count) return;
    Job& j = *ci.job;
    TaskState& t = j.task(ci.first + m.pos);
    if (t.done) return;
    TaskRecord& rec = t.rec;
    rec.worker = static_cast<int>(slot) + 1;
    rec.pid = workers[slot].pid;
    rec.start_ns = m.start_ns;
    const auto cap = h().result_capacity;
    switch (m.type) {
      case MsgType::start:
        rec.status = TaskStatus::running;
        note(rec);
        return;
      case MsgType::ok:
        rec.finish_ns = m.finish_ns;
        rec.status = TaskStatus::ok;
        t.result.resize(m.payload);
        ring_get(ring, cap, payload_pos, t.result.data(), m.payload);
        if (trace && j.spec.result_repr != nullptr) {
          try {
            rec.result = j.spec.result_repr(t.result);
          } catch (const std::exception&) {
            rec.result.clear();
          }
        }
        break;
      case MsgType::error:
        rec.finish_ns = m.finish_ns;
        rec.status = TaskStatus::error;
        rec.message.resize(m.payload);
        ring_get(ring, cap, payload_pos, rec.message.data(), m.payload);
        ci.failed_index = static_cast<std::int64_t>(rec.index);
        break;
      case MsgType::skipped:
        rec.finish_ns = m.finish_ns;
        rec.status = TaskStatus::error;
        rec.message = "not run: task " + std::to_string(ci.failed_index) + " of the same chunk failed";
        break;
    }
    finish_task(ci, t);
  }

  bool drain_ring(std::uint32_t slot) {
    RingControl& r = v.rings[slot];
    const auto head = r.head.load(std::memory_order_acquire);
    auto tail = r.tail.load(std::memory_order_relaxed);
    if (head == tail) return false;
    const char* data = v.ring_data(slot);
    const auto cap = h().result_capacity;
    while (tail < head) {
      MsgHeader m;
      ring_get(data, cap, tail, &m, sizeof m);
      const auto next = tail + sizeof m + pad8(m.payload);
      if (m.type == MsgType::start && next < head) {
        // Its finish is already here too: one snapshot says both.
        MsgHeader after;
        ring_get(data, cap, next, &after, sizeof after);
        if (after.chunk == m.chunk && after.pos == m.pos) {
          tail = next;
          continue;
        }
      }
      handle(slot, m, data, tail + sizeof m);
      tail = next;
    }
    r.tail.store(tail, std::memory_order_release);
    if (r.producer_waiting.load(std::memory_order_seq_cst) != 0) {
      r.producer_waiting.store(0, std::memory_order_seq_cst);
      futex_wake(r.producer_waiting, 1);
    }
    return true;
  }

  bool drain() {
    bool progress = false;
    for (std::uint32_t w = 0; w < static_cast<std::uint32_t>(processes); ++w) progress |= drain_ring(w);
    return progress;
  }

  bool rings_pending() {
    for (int w = 0; w < processes; ++w) {
      const RingControl& r = v.rings[w];
      if (r.head.load(std::memory_order_seq_cst) != r.tail.load(std::memory_order_relaxed)) return true;
    }
    return false;
  }

  // ---- dead workers -----------------------------------------------------------------------------

  void on_worker_exit(std::uint32_t slot, int status) {
    WorkerSlot& w = workers[slot];
    if (!w.alive) return;
    w.alive = false;
    if (w.pidfd >= 0) ::close(w.pidfd);
    w.pidfd = -1;
    drain_ring(slot);
    const std::string message = describe_exit(w.id, w.pid, status);
    const auto now = monotonic_ns();
    const auto owner = static_cast<std::uint64_t>(slot) + 1;
    for (std::size_t k = 0; k < chunks.size(); ++k) {
      ChunkInfo& ci = chunks[k];
      if (ci.finished) continue;
      const std::uint64_t c = chunk_base + k;
      const auto state = v.chunks[c % kChunkSlots].state.load(std::memory_order_acquire);
      if (state != ((c << kOwnerBits) | owner)) continue;
      bool first = true;
      for (std::uint64_t i = ci.first; i < ci.first + ci.count && !ci.finished; ++i) {
        TaskState& t = ci.job->task(i);
        if (t.done) continue;
        t.rec.worker = w.id;
        t.rec.pid = w.pid;
        if (t.rec.start_ns == 0) t.rec.start_ns = now;
        t.rec.finish_ns = now;
        t.rec.status = TaskStatus::crashed;
        t.rec.message = first ? message : message + " before this task of its chunk started";
        first = false;
        finish_task(ci, t);
      }
      // It may have died between claiming the chunk and advancing the queue.
      auto cur = c;
      h().next_claim.compare_exchange_strong(cur, c + 1);
    }
    RingControl& r = v.rings[slot];
    r.head.store(0);
    r.tail.store(0);
    r.producer_waiting.store(0);
    r.ready_pid.store(0);
    const bool work_left = h().next_claim.load() < h().published.load() || !shutdown_sent;
    if (!terminated && work_left) spawn(slot);
  }

  // Polls for exits (and parent wake-ups) for up to timeout_ns.
  void poll_events(std::int64_t timeout_ns) {
    std::vector<pollfd> fds;
    fds.push_back({eventfd, POLLIN, 0});
    if (server) fds.push_back({server->fd(), POLLIN, 0});
    const std::size_t first_worker = fds.size();
    std::vector<std::uint32_t> slots;
    for (std::uint32_t w = 0; w < workers.size(); ++w) {
      if (workers[w].alive && workers[w].pidfd >= 0) {
        fds.push_back({workers[w].pidfd, POLLIN, 0});
        slots.push_back(w);
      }
    }
    const timespec ts{static_cast<time_t>(timeout_ns / 1'000'000'000), static_cast<long>(timeout_ns % 1'000'000'000)};
    const int n = ppoll(fds.data(), fds.size(), &ts, nullptr);
    last_death_check = monotonic_ns();
    if (opt.start_method == StartMethod::fork) {
      // pidfd_open fails when the process is out of file descriptors: such a worker is checked by waitpid,
      // or its death would never be noticed and the caller would wait forever for its task.
      for (std::uint32_t w = 0; w < workers.size(); ++w) {
        int status = 0;
        if (workers[w].alive && workers[w].pidfd < 0 && waitpid(workers[w].pid, &status, WNOHANG) == workers[w].pid) {
          on_worker_exit(w, status);
        }
      }
    }
    if (n <= 0) return;
    if (fds[0].revents != 0) {
      std::uint64_t count;
      [[maybe_unused]] const auto r = read(eventfd, &count, sizeof count);
    }
    bool server_exits = server && fds[1].revents != 0;
    for (std::size_t i = first_worker; i < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      const auto slot = slots[i - first_worker];
      if (opt.start_method == StartMethod::fork) {
        int status = 0;
        if (waitpid(workers[slot].pid, &status, WNOHANG) == workers[slot].pid) on_worker_exit(slot, status);
      } else {
        server_exits = true;  // the server reaps it and reports the status
      }
    }
    if (server && server->has_queued_exits()) server_exits = true;
    if (server_exits) take_server_exits(server && fds[1].revents == 0 && !server->has_queued_exits() ? 2000 : 0);
  }

  void take_server_exits(int timeout_ms) {
    for (const WorkerExit& e : server->take_exits(timeout_ms)) {
      for (std::uint32_t w = 0; w < workers.size(); ++w) {
        if (workers[w].alive && workers[w].pid == e.pid) on_worker_exit(w, e.status);
      }
    }
  }

  // ---- driving ----------------------------------------------------------------------------------

  void check_stop() {
    if (stop_requested.load(std::memory_order_relaxed) || (opt.stop != nullptr && opt.stop->requested())) {
      kill_all();
      throw PoolStopped();
    }
  }

  bool pump() {
    bool progress = drain();
    const auto now = monotonic_ns();
    if (now - last_death_check >= kDeathCheckNs) poll_events(0);
    progress |= feed();
    maybe_flush(now);
    return progress;
  }

  void sleep_wait(std::int64_t timeout_ns) {
    flush();
    h().parent_waiting.store(1, std::memory_order_seq_cst);
    if (!rings_pending()) poll_events(timeout_ns);
    h().parent_waiting.store(0, std::memory_order_seq_cst);
  }

  // Drives the pool until ready() holds; false at the deadline (< 0: none).
  template <class Ready> bool drive(Ready ready, std::int64_t deadline) {
    std::int64_t idle_since = 0;
    unsigned spins = 0;
    for (;;) {
      check_stop();
      if (ready()) return true;
      if (terminated) throw PoolStopped();
      if (pump()) {
        idle_since = 0;
        spins = 0;
        continue;
      }
      if (ready()) return true;
      if ((++spins & 15) != 0) {
        cpu_relax();
        continue;
      }
      const auto now = monotonic_ns();
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

  Job* find(std::uint64_t id) {
    const auto it = jobs.find(id);
    return it == jobs.end() ? nullptr : it->second.get();
  }

  bool has_ready(Job& j) {
    if (j.spec.kind == JobKind::imap) return j.next_ordered < j.read && j.task(j.next_ordered).deliverable;
    return !j.ready.empty();
  }
  bool at_end(Job& j) { return j.fed_all && j.emitted == j.read; }

  Outcome emit(Job& j, std::uint64_t index, std::int64_t now) {
    TaskState& t = j.task(index);
    t.emitted = true;
    t.rec.emit_ns = now;
    t.rec.emit_order = static_cast<std::int64_t>(j.emitted++);
    note(t.rec);
    Outcome o{std::move(t.rec), std::move(t.result)};
    if (j.spec.kind != JobKind::map) j.pop_emitted();
    return o;
  }

  void erase_if_done(Job& j) {
    if (j.complete() && (j.released || j.emitted == j.read)) jobs.erase(j.id);
  }

  void kill_all() noexcept {
    if (terminated) return;
    terminated = true;
    if (base == nullptr) return;
    h().shutdown.store(2, std::memory_order_seq_cst);
    h().work_seq.fetch_add(1);
    futex_wake(h().work_seq, INT_MAX);
    for (auto& w : workers) {
      if (w.alive) kill(w.pid, SIGKILL);
    }
    for (std::uint32_t s = 0; s < workers.size(); ++s) {
      WorkerSlot& w = workers[s];
      if (!w.alive) continue;
      if (opt.start_method == StartMethod::fork) {
        while (waitpid(w.pid, nullptr, 0) < 0 && errno == EINTR) {}
        w.alive = false;
      }
    }
    if (server) {
      // The server reaps them; wait for its reports so no worker outlives terminate().
      const auto deadline = monotonic_ns() + 5'000'000'000;
      try {
        for (;;) {
          bool any = false;
          for (auto& w : workers) any |= w.alive;
          if (!any || monotonic_ns() > deadline) break;
          for (const WorkerExit& e : server->take_exits(100)) {
            for (auto& w : workers) {
              if (w.alive && w.pid == e.pid) w.alive = false;
            }
          }
        }
      } catch (const std::exception&) {}
    }
    for (auto& w : workers) {
      if (w.pidfd >= 0) ::close(w.pidfd);
      w.pidfd = -1;
      w.alive = false;
    }
    try {
      flush();
    } catch (...) {}
  }
};

PoolCore::PoolCore(int processes, const PoolOptions& options) : s_(std::make_unique<State>()) {
  State& s = *s_;
  s.opt = options;
  s.trace = options.trace;
  if (processes <= 0) processes = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  if (processes < 1) processes = 1;
  if (processes > kMaxProcesses) {
    throw InputError("a pool can have at most " + std::to_string(kMaxProcesses) + " processes (asked for " +
                     std::to_string(processes) + ")");
  }
  s.processes = processes;
  if (options.start_method == StartMethod::forkserver) s.server = ForkServerConnection::open();
  try {
    s.create_memory();
    if (s.server) s.server->attach(s.memfd, s.eventfd);
    s.workers.resize(static_cast<std::size_t>(processes));
    for (std::uint32_t w = 0; w < static_cast<std::uint32_t>(processes); ++w) {
      s.workers[w].id = static_cast<int>(w) + 1;
      s.spawn(w);
    }
  } catch (...) {
    s.kill_all();
    throw;
  }
  s.last_flush = s.last_death_check = monotonic_ns();
}

PoolCore::~PoolCore() {
  State& s = *s_;
  s.kill_all();
  s.server.reset();
  if (s.base != nullptr) munmap(s.base, s.map_size);
  if (s.memfd >= 0) ::close(s.memfd);
  if (s.eventfd >= 0) ::close(s.eventfd);
}

int PoolCore::processes() const { return s_->processes; }
bool PoolCore::tracing() const { return s_->trace; }

std::uint64_t PoolCore::submit(JobSpec spec) {
  State& s = *s_;
  if (s.terminated) throw PoolStopped();
  if (s.closed) throw std::logic_error("the pool is closed: no new tasks can be submitted");
  auto job = std::make_unique<Job>();
  Job& j = *job;
  j.id = s.next_job++;
  j.spec = std::move(spec);
  if (j.spec.kind == JobKind::map || j.spec.kind == JobKind::apply) {
    // Like Python, map needs the length (for its default chunksize): read everything now.
    EncodedInput in;
    while (j.spec.source(in)) {
      j.pre_bytes += in.bytes;
      j.pre_end.push_back(j.pre_bytes.size());
      if (s.trace) j.pre_repr.push_back(std::move(in.repr));
    }
    j.has_preread = true;
    j.tasks.reserve(j.pre_end.size());
    if (j.spec.chunksize == 0) {
      const auto n = j.pre_end.size();
      const auto per = static_cast<std::size_t>(s.processes) * 4;
      j.spec.chunksize = n == 0 ? 1 : (n + per - 1) / per;
    }
  }
  if (j.spec.chunksize == 0) j.spec.chunksize = 1;
  if (j.spec.max_in_flight != 0) j.bound = std::max(j.spec.max_in_flight, j.spec.chunksize);
  const auto id = j.id;
  s.jobs.emplace(id, std::move(job));
  s.feed();
  return id;
}

std::optional<Outcome> PoolCore::next(std::uint64_t job) {
  State& s = *s_;
  Job* j = s.find(job);
  if (j == nullptr) return std::nullopt;
  s.drive([&] { return s.has_ready(*j) || s.at_end(*j); }, -1);
  const auto now = monotonic_ns();
  if (s.at_end(*j) && !s.has_ready(*j)) {
    s.flush();
    s.erase_if_done(*j);
    return std::nullopt;
  }
  std::uint64_t index;
  if (j->spec.kind == JobKind::imap) {
    index = j->next_ordered++;
  } else {
    index = j->ready.front();
    j->ready.pop_front();
  }
  auto o = s.emit(*j, index, now);
  if (s.at_end(*j)) {
    s.flush();
    s.erase_if_done(*j);
  } else {
    s.maybe_flush(now);
  }
  return o;
}

bool PoolCore::wait_ready(std::uint64_t job, std::int64_t timeout_ns) {
  State& s = *s_;
  Job* j = s.find(job);
  if (j == nullptr) return true;
  if (s.terminated) return true;
  const auto deadline = timeout_ns < 0 ? -1 : monotonic_ns() + timeout_ns;
  if (timeout_ns == 0) {
    s.check_stop();
    s.pump();
    return s.has_ready(*j) || s.at_end(*j);
  }
  return s.drive([&] { return s.has_ready(*j) || s.at_end(*j); }, deadline);
}

void PoolCore::collect(std::uint64_t job, std::vector<TaskRecord>& records, std::vector<std::string>& results) {
  State& s = *s_;
  records.clear();
  results.clear();
  Job* j = s.find(job);
  if (j == nullptr) return;
  s.drive([&] { return j->complete(); }, -1);
  const auto now = monotonic_ns();
  records.reserve(j->read);
  results.reserve(j->read);
  for (std::uint64_t i = j->base; i < j->read; ++i) {
    TaskState& t = j->task(i);
    t.emitted = true;
    t.rec.emit_ns = now;
    t.rec.emit_order = static_cast<std::int64_t>(j->emitted++);
    s.note(t.rec);
    records.push_back(std::move(t.rec));
    results.push_back(std::move(t.result));
  }
  s.flush();
  s.jobs.erase(job);
}

void PoolCore::release(std::uint64_t job) noexcept {
  State& s = *s_;
  Job* j = s.find(job);
  if (j == nullptr) return;
  j->released = true;
  // Tasks read but not yet published will never run: forget them.
  for (; j->build_count > 0; --j->build_count) {
    j->tasks.pop_back();
    --j->read;
  }
  j->build.clear();
  j->fed_all = true;
  j->spec.source = nullptr;  // the caller's input (a range it may own) is never read again
  for (std::size_t k = 0; k < j->tasks.size(); ++k) {
    TaskState& t = j->tasks[k];
    if (t.deliverable && !t.emitted) {
      t.emitted = true;
      ++j->emitted;
    }
  }
  j->pop_emitted();
  if (j->complete()) s.jobs.erase(job);
}

void PoolCore::close() {
  State& s = *s_;
  if (s.closed || s.terminated) return;
  s.closed = true;
  s.feed();
}

void PoolCore::join() {
  State& s = *s_;
  if (s.terminated) return;
  close();
  s.joining = true;
  s.drive(
      [&] {
        for (auto& [id, j] : s.jobs) {
          if (!j->complete()) return false;
        }
        return true;
      },
      -1);
  // The workers exit by themselves once the queue is empty.
  s.drive(
      [&] {
        for (auto& w : s.workers) {
          if (w.alive) return false;
        }
        return true;
      },
      -1);
  s.flush();
}

void PoolCore::terminate() noexcept { s_->kill_all(); }

void PoolCore::request_stop() noexcept { s_->stop_requested.store(true, std::memory_order_relaxed); }

std::vector<WorkerProcess> PoolCore::worker_processes() const {
  std::vector<WorkerProcess> out;
  for (const auto& w : s_->workers) {
    if (w.alive) out.push_back({w.id, w.pid});
  }
  return out;
}

}  // namespace poolscope::detail
