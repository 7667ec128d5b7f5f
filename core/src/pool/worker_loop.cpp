// The loop every worker process runs: claim the next chunk when idle, run its tasks, report each one
// into this worker's result ring. Nothing here holds a lock, so a worker may die at any instruction.
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "pool/shared_queue.hpp"
#include "poolscope/pool/detail/pool_core.hpp"
#include "poolscope/util/clock.hpp"

namespace poolscope::detail {
namespace {

constexpr std::int64_t kIdleSpinNs = 100'000;  // cross-core wake-ups cost ~70 us here: spin a little first
constexpr unsigned kIdleSpins = 4096;
constexpr std::int64_t kSleepSliceNs = 100'000'000;
constexpr std::uint64_t kReportBytes = 32 << 10;   // a chunk's report is sent in pieces of about this size
constexpr std::int64_t kTracedReportNs = 250'000;  // tracing: tasks finished are reported at least this often

class Worker {
 public:
  Worker(void* base, std::uint32_t slot, int eventfd, pid_t parent)
      : v_(SharedView::of(base)),
        h_(*v_.header),
        ring_(v_.rings[slot]),
        ring_data_(v_.ring_data(slot)),
        me_(slot + 1),
        eventfd_(eventfd),
        parent_(parent) {}

  [[noreturn]] void run() {
    std::uint64_t chunk = 0;
    std::uint64_t done = 0;
    const std::uint64_t limit = h_.max_tasks_per_child;
    while (claim(chunk)) {
      run_chunk(chunk);
      // maxtasksperchild: CPython's worker counts the task tuples it ran, and a chunk is one of them.
      // Its results are in the ring already; the parent starts a new process in this row.
      if (limit != 0 && ++done >= limit) break;
    }
    _exit(0);
  }

 private:
  bool parent_gone() const { return parent_ != 0 && getppid() != parent_; }

  // Takes the next chunk in queue order; false when the pool shuts down.
  bool claim(std::uint64_t& chunk) {
    std::int64_t spin_start = 0;
    unsigned spins = 0;
    for (;;) {
      const auto n = h_.next_claim.load(std::memory_order_acquire);
      if (n < h_.published.load(std::memory_order_acquire)) {
        auto& slot = v_.chunks[n % h_.chunk_slots];
        auto expected = n << kOwnerBits;
        const bool mine =
            slot.state.compare_exchange_strong(expected, (n << kOwnerBits) | me_, std::memory_order_acq_rel);
        // Advance the queue whether we won or not: a claimer that stalled (or died) is helped along.
        auto cur = n;
        h_.next_claim.compare_exchange_strong(cur, n + 1, std::memory_order_acq_rel);
        if (mine) {
          chunk = n;
          return true;
        }
        continue;
      }
      const auto stop = h_.shutdown.load(std::memory_order_acquire);
      if (stop != 0) return false;
      if ((++spins & 63) != 0) {
        cpu_relax();
        continue;
      }
      // Fewer cores than processes is normal here: an idle worker must not hold a core the caller (or a
      // busy worker) needs, even for the rest of its time slice.
      sched_yield();
      const auto now = monotonic_ns();
      if (spin_start == 0) spin_start = now;
      // Both conditions: a worker preempted while spinning (busy machine) has not really been idle.
      if (now - spin_start < kIdleSpinNs || spins < kIdleSpins) continue;
      const auto seq = h_.work_seq.load(std::memory_order_acquire);
      h_.sleepers.fetch_add(1, std::memory_order_seq_cst);
      if (h_.next_claim.load(std::memory_order_seq_cst) >= h_.published.load(std::memory_order_seq_cst) &&
          h_.shutdown.load(std::memory_order_seq_cst) == 0) {
        futex_wait(h_.work_seq, seq, kSleepSliceNs);
      }
      h_.sleepers.fetch_sub(1, std::memory_order_seq_cst);
      if (parent_gone()) _exit(0);
      spin_start = 0;
    }
  }

  // Runs a chunk and reports it in `results` messages: one at its end, or more when the report grows
  // large, or (tracing) when ~250 us passed since the last one, so a live chart sees long tasks finish.
  void run_chunk(std::uint64_t chunk) {
    const auto& slot = v_.chunks[chunk % h_.chunk_slots];
    const auto fn = static_cast<std::uintptr_t>(slot.fn);
    const auto invoke = reinterpret_cast<InvokeFn>(static_cast<std::uintptr_t>(slot.invoke));
    const auto count = slot.count;
    inputs_.resize(slot.input_bytes);
    if (slot.input_bytes <= h_.input_capacity) {
      ring_get(v_.input, h_.input_capacity, slot.input_pos, inputs_.data(), slot.input_bytes);
    } else {
      read_streamed(slot.input_pos, slot.input_bytes);
    }
    const bool trace = h_.trace.load(std::memory_order_relaxed) != 0;
    const std::uint64_t flush_bytes = std::min<std::uint64_t>(part_max(), kReportBytes);

    report_.clear();
    std::uint32_t first = 0;  // the first position the pending report covers
    std::int64_t now = clock_.now();
    std::int64_t last_sent = now;
    std::size_t at = 0;
    for (std::uint32_t pos = 0; pos < count; ++pos) {
      std::uint64_t len = 0;
      std::memcpy(&len, inputs_.data() + at, sizeof len);
      at += sizeof len;
      const std::string_view input(inputs_.data() + at, len);
      at += len;

      if (pos > first && (report_.size() >= flush_bytes || (trace && now - last_sent >= kTracedReportNs))) {
        send(chunk, first, pos - first, false);
        first = pos;
        last_sent = now;
      }
      announce(chunk, pos, now);
      const std::size_t entry = report_.size();
      report_.resize(entry + sizeof(TaskReport));
      const bool ok = invoke(fn, input, report_);
      const std::int64_t finished = clock_.now();
      const TaskReport r{now, finished, report_.size() - entry - sizeof(TaskReport)};
      std::memcpy(report_.data() + entry, &r, sizeof r);
      // One clock read per task: the next task starts after this one finished (by the few tens of ns
      // spent here; 1 ns keeps the two apart, so a trace viewer never sees them overlap).
      now = finished + 1;
      if (!ok) {
        // Python's worker runs a chunk as one call: the first exception abandons the rest of it.
        send(chunk, first, pos + 1 - first, true);
        wake_parent();
        return;
      }
    }
    send(chunk, first, count - first, false);
    wake_parent();
  }

  // Says which task runs now (a seqlock the parent reads without stopping us).
  void announce(std::uint64_t chunk, std::uint32_t pos, std::int64_t since) {
    const auto seq = ring_.running_seq.load(std::memory_order_relaxed);
    ring_.running_seq.store(seq + 1, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    ring_.running_chunk.store(chunk + 1, std::memory_order_relaxed);
    ring_.running_pos.store(pos, std::memory_order_relaxed);
    ring_.running_since.store(since, std::memory_order_relaxed);
    ring_.running_seq.store(seq + 2, std::memory_order_release);
  }

  void send(std::uint64_t chunk, std::uint32_t first, std::uint32_t count, bool failed) {
    MsgHeader msg;
    msg.type = MsgType::results;
    msg.chunk = chunk;
    msg.first = first;
    msg.count = count;
    msg.failed = failed ? 1 : 0;
    push(msg, report_);
    report_.clear();
  }

  // Copies a chunk's inputs that are larger than the input ring out of it as the parent writes them.
  void read_streamed(std::uint64_t pos, std::uint64_t size) {
    std::uint64_t got = 0;
    while (got < size) {
      const auto seq = h_.stream_seq.load(std::memory_order_acquire);
      const auto written = h_.stream_written.load(std::memory_order_acquire);
      if (written > pos + got) {
        const auto n = written - (pos + got);
        ring_get(v_.input, h_.input_capacity, pos + got, inputs_.data() + got, n);
        got += n;
        h_.stream_read.store(pos + got, std::memory_order_release);
        wake_parent();
        continue;
      }
      futex_wait(h_.stream_seq, seq, kSleepSliceNs);
      if (parent_gone() || h_.shutdown.load(std::memory_order_acquire) == 2) _exit(0);
    }
  }

  void wake_parent() {
    std::atomic_thread_fence(std::memory_order_seq_cst);
    if (h_.parent_waiting.load(std::memory_order_relaxed) != 0 &&
        h_.parent_waiting.exchange(0, std::memory_order_seq_cst) != 0) {
      const std::uint64_t one = 1;
      [[maybe_unused]] const auto w = write(eventfd_, &one, sizeof one);
    }
  }

  std::uint64_t part_max() const { return (h_.result_capacity / 2 - sizeof(MsgHeader)) & ~std::uint64_t{7}; }

  // A payload larger than half the ring goes in parts: the parent reads each as it arrives, so a result
  // of any size gets through a ring of any size (and no single message needs more than half of it).
  void push(MsgHeader msg, std::string_view payload) {
    const std::uint64_t most = part_max();
    while (payload.size() > most) {
      MsgHeader part = msg;
      part.type = MsgType::part;
      put(part, payload.substr(0, most));
      payload.remove_prefix(most);
    }
    put(msg, payload);
  }

  void put(MsgHeader msg, std::string_view payload) {
    const auto capacity = h_.result_capacity;
    msg.payload = static_cast<std::uint32_t>(payload.size());
    const auto need = sizeof(MsgHeader) + pad8(payload.size());
    auto head = ring_.head.load(std::memory_order_relaxed);
    const auto offset = head % capacity;
    if (offset >= kRewindBytes && ring_.tail.load(std::memory_order_acquire) == head &&
        capacity - offset - sizeof(MsgHeader) <= UINT32_MAX) {
      MsgHeader skip;
      skip.type = MsgType::skip;
      skip.payload = static_cast<std::uint32_t>(capacity - offset - sizeof(MsgHeader));
      ring_put(ring_data_, capacity, head, &skip, sizeof skip);
      head += capacity - offset;
    }
    wait_for_space(head, need);
    ring_put(ring_data_, capacity, head, &msg, sizeof msg);
    if (!payload.empty()) ring_put(ring_data_, capacity, head + sizeof msg, payload.data(), payload.size());
    ring_.head.store(head + need, std::memory_order_release);
    // The parent may be asleep while a long result streams through: each part must wake it.
    if (msg.type == MsgType::part) wake_parent();
  }

  void wait_for_space(std::uint64_t head, std::uint64_t need) {
    const auto capacity = h_.result_capacity;
    auto has_space = [&] { return capacity - (head - ring_.tail.load(std::memory_order_acquire)) >= need; };
    if (has_space()) return;
    wake_parent();
    const auto spin_start = monotonic_ns();
    while (!has_space()) {
      if (monotonic_ns() - spin_start < kIdleSpinNs) {
        cpu_relax();
        continue;
      }
      ring_.producer_waiting.store(1, std::memory_order_seq_cst);
      wake_parent();
      if (!has_space()) futex_wait(ring_.producer_waiting, 1, kSleepSliceNs);
      if (parent_gone() || h_.shutdown.load(std::memory_order_acquire) == 2) _exit(0);
    }
  }

  SharedView v_;
  SharedHeader& h_;
  RingControl& ring_;
  char* ring_data_;
  std::uint64_t me_;
  int eventfd_;
  pid_t parent_;
  std::string inputs_;
  std::string report_;  // the pending results message: per task a TaskReport and its result
  StampClock clock_;
};

}  // namespace

void worker_main(void* base, std::uint32_t slot, int eventfd, pid_t parent) {
  // A worker holds only what its loop uses: stdin/out/err, the shared mapping (which needs no fd) and the
  // wake-up eventfd, moved to fd 3. The caller's files and sockets, the memfd, the fork server's sockets
  // and the pidfds of sibling workers all go: a fork copies every descriptor, and a worker holding them
  // keeps pipes open, files busy and other processes' handles alive for as long as it runs.
  if (eventfd != 3 && dup2(eventfd, 3) < 0) _exit(72);
  eventfd = 3;
  close_range(4, ~0U, 0);
  // Die with the process that forked us, and leave Ctrl-C to the caller: it stops the pool itself.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (parent != 0 && getppid() != parent) _exit(0);
  const std::string name = "Worker-" + std::to_string(slot + 1);
  prctl(PR_SET_NAME, name.c_str());
  if (const auto hook = SharedView::of(base).header->start_hook; hook != 0) {
    reinterpret_cast<void (*)(int)>(static_cast<std::uintptr_t>(hook))(static_cast<int>(slot) + 1);
  }
  SharedView::of(base).rings[slot].ready_pid.store(getpid(), std::memory_order_release);
  signal(SIGINT, SIG_IGN);
  for (int sig : {SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGPIPE, SIGUSR1, SIGUSR2}) signal(sig, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  Worker(base, slot, eventfd, parent).run();
}

}  // namespace poolscope::detail
