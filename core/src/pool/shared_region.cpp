// Lays out and maps the pool's shared memory. It is a memfd, not boost::interprocess's anonymous shared
// memory: with the fork server, workers are forked by a process that existed before the pool, so they
// cannot inherit an anonymous mapping; the server receives this fd (SCM_RIGHTS) and maps it itself.
#include "pool/shared_region.hpp"

#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <new>
#include <string>

#include "poolscope/util/errors.hpp"

namespace poolscope::detail {
namespace {

std::uint64_t align_up(std::uint64_t n, std::uint64_t a) { return (n + a - 1) / a * a; }

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace

SharedRegion::SharedRegion(int processes, std::size_t input_bytes, std::size_t result_bytes, bool trace)
    : processes_(processes) {
  const std::uint64_t input_cap = std::max<std::uint64_t>(input_bytes, 1 << 16);
  const std::uint64_t result_cap = std::max<std::uint64_t>(result_bytes, 1 << 16);
  const std::uint64_t chunks_off = align_up(sizeof(SharedHeader), 64);
  const std::uint64_t rings_off = align_up(chunks_off + kChunkSlots * sizeof(ChunkSlot), 64);
  const std::uint64_t input_off = align_up(rings_off + processes * sizeof(RingControl), 4096);
  const std::uint64_t results_off = align_up(input_off + input_cap, 4096);
  map_size_ = results_off + processes * align_up(result_cap, 4096);

  // Anonymous memfd: no name in /dev/shm to leak, and an fd the fork server can receive.
  memfd_ = static_cast<int>(syscall(SYS_memfd_create, "poolscope-pool", MFD_CLOEXEC));
  if (memfd_ < 0) throw SystemError(errno_text("cannot create the pool's shared memory"));
  try {
    if (ftruncate(memfd_, static_cast<off_t>(map_size_)) != 0) {
      throw SystemError(errno_text("cannot size the pool's shared memory"));
    }
    base_ = mmap(nullptr, map_size_, PROT_READ | PROT_WRITE, MAP_SHARED, memfd_, 0);
    if (base_ == MAP_FAILED) {
      base_ = nullptr;
      throw SystemError(errno_text("cannot map the pool's shared memory"));
    }
    auto* header = new (base_) SharedHeader;
    header->chunk_slots = kChunkSlots;
    header->input_capacity = input_cap;
    header->result_capacity = align_up(result_cap, 4096);
    header->chunks_offset = chunks_off;
    header->rings_offset = rings_off;
    header->input_offset = input_off;
    header->results_offset = results_off;
    header->workers = static_cast<std::uint32_t>(processes);
    header->trace.store(trace ? 1 : 0);
    auto* bytes = static_cast<char*>(base_);
    new (bytes + chunks_off) ChunkSlot[kChunkSlots];
    new (bytes + rings_off) RingControl[static_cast<std::size_t>(processes)];
    view_ = SharedView::of(base_);
    // The chunk queue, and the rings' first pages (both sides rewind to them when idle), are the pages in
    // use: fault them in now, in one call each, rather than one page at a time in the first run. Older
    // kernels refuse the advice; then the pages come as they are touched.
    madvise(bytes + chunks_off, kChunkSlots * sizeof(ChunkSlot), MADV_POPULATE_WRITE);
    madvise(bytes + input_off, std::min<std::uint64_t>(input_cap, kRewindBytes * 4), MADV_POPULATE_WRITE);
    for (int w = 0; w < processes; ++w) {
      madvise(bytes + results_off + static_cast<std::uint64_t>(w) * header->result_capacity,
              std::min<std::uint64_t>(header->result_capacity, kRewindBytes * 2), MADV_POPULATE_WRITE);
    }

    eventfd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (eventfd_ < 0) throw SystemError(errno_text("cannot create the pool's eventfd"));
  } catch (...) {
    unmap();
    throw;
  }
}

SharedRegion::~SharedRegion() { unmap(); }

void SharedRegion::unmap() noexcept {
  if (base_ != nullptr) munmap(base_, map_size_);
  if (memfd_ >= 0) ::close(memfd_);
  if (eventfd_ >= 0) ::close(eventfd_);
  base_ = nullptr;
  memfd_ = eventfd_ = -1;
}

void SharedRegion::wake_workers(std::uint64_t count) {
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (header().sleepers.load(std::memory_order_seq_cst) != 0) {
    header().work_seq.fetch_add(1, std::memory_order_seq_cst);
    futex_wake(header().work_seq, count > INT_MAX ? INT_MAX : static_cast<int>(count));
  }
}

void SharedRegion::announce_shutdown(std::uint32_t how) {
  header().shutdown.store(how, std::memory_order_seq_cst);
  header().work_seq.fetch_add(1, std::memory_order_seq_cst);
  futex_wake(header().work_seq, INT_MAX);
}

bool SharedRegion::rings_pending() const {
  for (int w = 0; w < processes_; ++w) {
    const RingControl& r = view_.rings[w];
    if (r.head.load(std::memory_order_seq_cst) != r.tail.load(std::memory_order_relaxed)) return true;
  }
  return false;
}

void SharedRegion::reset_ring(std::uint32_t slot) {
  RingControl& r = view_.rings[slot];
  r.head.store(0);
  r.tail.store(0);
  r.producer_waiting.store(0);
  r.ready_pid.store(0);
}

void SharedRegion::clear_eventfd() {
  std::uint64_t count;
  [[maybe_unused]] const auto r = read(eventfd_, &count, sizeof count);
}

}  // namespace poolscope::detail
