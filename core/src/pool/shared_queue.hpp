// Layout of a pool's shared memory (one memfd mapped by the parent and every worker) and the
// lock-free pieces on it: the chunk queue workers claim from, per-worker result rings, futex wake-ups.
#pragma once

#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <linux/futex.h>

namespace poolscope::detail {

inline constexpr std::uint64_t kMagic = 0x706f6f6c73636f70ULL;  // "poolscop"
inline constexpr unsigned kOwnerBits = 8;                       // owner = worker slot + 1, 0 = unclaimed
inline constexpr std::uint64_t kOwnerMask = (std::uint64_t{1} << kOwnerBits) - 1;

// One published chunk. `state` is (chunk number << 8) | owner: the chunk number makes a stale claim on a
// reused slot fail, and the owner tells the parent which chunk a dead worker held.
struct alignas(64) ChunkSlot {
  std::atomic<std::uint64_t> state{0};
  std::uint64_t fn = 0;
  std::uint64_t invoke = 0;
  std::uint64_t input_pos = 0;    // byte position in the input ring (monotonic, wraps modulo capacity)
  std::uint64_t input_bytes = 0;  // per task: u64 length, then the encoded input
  std::uint32_t count = 0;
  std::uint32_t reserved = 0;
};

// Single-producer (the worker) single-consumer (the parent) byte ring.
struct RingControl {
  alignas(64) std::atomic<std::uint64_t> head{0};  // bytes written
  alignas(64) std::atomic<std::uint64_t> tail{0};  // bytes consumed
  std::atomic<std::uint32_t> producer_waiting{0};  // futex word: the worker sleeps here while the ring is full
  std::atomic<std::int32_t> ready_pid{0};          // set by the worker once it has named itself
  // The task the worker runs now, written at every task start (a seqlock: `running_seq` is odd while the
  // three fields change). The parent reads it to show tasks running before their chunk reports, and to
  // tell which task a dead worker was running. `running_chunk` is the chunk number + 1 (0: none yet).
  alignas(64) std::atomic<std::uint32_t> running_seq{0};
  std::atomic<std::uint32_t> running_pos{0};
  std::atomic<std::uint64_t> running_chunk{0};
  std::atomic<std::int64_t> running_since{0};
};
struct SharedHeader {
  std::uint64_t magic = kMagic;
  std::uint64_t chunk_slots = 0;
  std::uint64_t input_capacity = 0;
  std::uint64_t result_capacity = 0;
  std::uint64_t chunks_offset = 0;
  std::uint64_t rings_offset = 0;
  std::uint64_t input_offset = 0;
  std::uint64_t results_offset = 0;
  std::uint32_t workers = 0;
  std::atomic<std::uint32_t> trace{1};
  std::uint64_t start_hook = 0;           // PoolOptions::worker_start_hook, run by each new worker before it is ready
  std::uint64_t max_tasks_per_child = 0;  // a worker exits after this many chunks (0: never)
  alignas(64) std::atomic<std::uint64_t> published{0};   // chunks [0, published) are in the queue
  alignas(64) std::atomic<std::uint64_t> next_claim{0};  // the next chunk an idle worker takes
  alignas(64) std::atomic<std::uint32_t> work_seq{0};    // futex word of idle workers
  std::atomic<std::uint32_t> sleepers{0};
  std::atomic<std::uint32_t> shutdown{0};  // 1: exit once the queue is empty, 2: exit now
  alignas(64) std::atomic<std::uint32_t> parent_waiting{0};
  // A chunk whose inputs are larger than the input ring is streamed through it: the parent writes up to
  // `stream_written` (ring position) as the worker's copy-out reaches `stream_read`; `stream_seq` is the
  // futex word the worker sleeps on while it waits for more. One such chunk at a time.
  alignas(64) std::atomic<std::uint64_t> stream_written{0};
  std::atomic<std::uint32_t> stream_seq{0};
  alignas(64) std::atomic<std::uint64_t> stream_read{0};
};

enum class MsgType : std::uint32_t { results = 1, part = 2, skip = 3 };
// A worker that finds its ring empty past this offset skips to the ring's start (a `skip` message whose
// payload runs to the end), so the pages in use stay few and warm.
inline constexpr std::uint64_t kRewindBytes = 256 << 10;

// A message in a result ring, followed by `payload` bytes padded to 8. A chunk reports its tasks in
// `results` messages, each covering positions [first, first + count): per task a TaskReport, then its
// encoded result (or, for a task that raised, its error text), back to back. With `failed` set, the last
// task of the message raised and the rest of the chunk was never run; otherwise the chunk is complete
// once every position has come. A payload too large for the ring comes first as `part` messages, which
// the parent joins. A `skip` message carries nothing: the next message starts where its payload ends.
struct MsgHeader {
  MsgType type = MsgType::results;
  std::uint32_t payload = 0;
  std::uint64_t chunk = 0;
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  std::uint32_t failed = 0;
  std::uint32_t reserved = 0;
};
// One task's entry in a results payload, followed by `bytes` bytes (unaligned: entries are packed).
struct TaskReport {
  std::int64_t start_ns = 0;
  std::int64_t finish_ns = 0;
  std::uint64_t bytes = 0;
};
inline constexpr std::uint64_t pad8(std::uint64_t n) { return (n + 7) & ~std::uint64_t{7}; }

inline void ring_put(char* data, std::uint64_t capacity, std::uint64_t pos, const void* src, std::uint64_t n) {
  const auto at = pos % capacity;
  const auto first = n < capacity - at ? n : capacity - at;
  std::memcpy(data + at, src, first);
  if (n > first) std::memcpy(data, static_cast<const char*>(src) + first, n - first);
}
inline void ring_get(const char* data, std::uint64_t capacity, std::uint64_t pos, void* dst, std::uint64_t n) {
  const auto at = pos % capacity;
  const auto first = n < capacity - at ? n : capacity - at;
  std::memcpy(dst, data + at, first);
  if (n > first) std::memcpy(static_cast<char*>(dst) + first, data, n - first);
}

// Shared (not process-private) futexes: the words live in memory mapped by several processes.
inline void futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected, std::int64_t timeout_ns) {
  timespec ts{static_cast<time_t>(timeout_ns / 1'000'000'000), static_cast<long>(timeout_ns % 1'000'000'000)};
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT, expected, &ts, nullptr, 0);
}
inline void futex_wake(std::atomic<std::uint32_t>& word, int count) {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE, count, nullptr, nullptr, 0);
}

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Where the pieces are, in the mapping of one process.
struct SharedView {
  SharedHeader* header = nullptr;
  ChunkSlot* chunks = nullptr;
  RingControl* rings = nullptr;
  char* input = nullptr;
  char* results = nullptr;  // worker w's ring data at results + w * result_capacity

  static SharedView of(void* base) {
    auto* bytes = static_cast<char*>(base);
    SharedView v;
    v.header = static_cast<SharedHeader*>(base);
    v.chunks = reinterpret_cast<ChunkSlot*>(bytes + v.header->chunks_offset);
    v.rings = reinterpret_cast<RingControl*>(bytes + v.header->rings_offset);
    v.input = bytes + v.header->input_offset;
    v.results = bytes + v.header->results_offset;
    return v;
  }
  char* ring_data(std::uint32_t worker_slot) const { return results + worker_slot * header->result_capacity; }
};

// Runs the worker loop in a freshly forked process; never returns. `parent` is the pid whose death
// must end the worker (0: none). `eventfd` wakes the parent when it sleeps.
[[noreturn]] void worker_main(void* base, std::uint32_t slot, int eventfd, pid_t parent);

}  // namespace poolscope::detail
