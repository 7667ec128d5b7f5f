// Queue storage: records [u64 length][bytes] in a ring. `tail` is the commit point of put() and `head`
// of get(), so a process killed inside either leaves the queue as if it had not started; the count is
// rebuilt from the ring when the lock is taken over from a dead holder.
#include "poolscope/mp/queue.hpp"

#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstring>
#include <linux/futex.h>
#include <mutex>
#include <new>

#include "poolscope/mp/process_lock.hpp"
#include "poolscope/util/clock.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope::queue_detail {

struct ByteQueue::Header {
  ProcessLock lock;
  std::atomic<std::uint32_t> seq{0};      // futex word: bumped on every change
  std::atomic<std::uint32_t> waiters{0};  // skip the wake syscall when nobody sleeps
  std::uint64_t capacity = 0;
  std::uint64_t maxsize = 0;
  std::uint64_t head = 0;  // byte positions, growing forever; the ring index is position % capacity
  std::uint64_t tail = 0;
  std::uint64_t count = 0;
  bool closed = false;
};

namespace {

constexpr std::size_t kHeaderRoom = 256;
static_assert(sizeof(ByteQueue::Header) <= kHeaderRoom);

void futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t seen, std::int64_t timeout_ns) {
  timespec ts{};
  timespec* tsp = nullptr;
  if (timeout_ns >= 0) {
    ts.tv_sec = static_cast<time_t>(timeout_ns / 1'000'000'000);
    ts.tv_nsec = static_cast<long>(timeout_ns % 1'000'000'000);
    tsp = &ts;
  }
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT, seen, tsp, nullptr, 0);
}

void futex_wake_all(std::atomic<std::uint32_t>& word) {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
}

std::int64_t deadline_of(std::optional<double> timeout) {
  if (!timeout) return -1;
  return monotonic_ns() + static_cast<std::int64_t>(std::max(0.0, *timeout) * 1e9);
}

}  // namespace

ByteQueue::ByteQueue(std::size_t maxsize, std::size_t capacity_bytes)
    : block_(std::make_shared<SharedBlock>(kHeaderRoom + std::max<std::size_t>(capacity_bytes, 64))) {
  auto* h = new (block_->data()) Header{};
  h->capacity = std::max<std::size_t>(capacity_bytes, 64);
  h->maxsize = maxsize;
}

ByteQueue::Header* ByteQueue::header() const { return static_cast<Header*>(block_->data()); }
char* ByteQueue::ring() const { return static_cast<char*>(block_->data()) + kHeaderRoom; }

namespace {

void ring_copy_in(char* ring, std::uint64_t capacity, std::uint64_t pos, const char* src, std::size_t n) {
  const std::size_t at = pos % capacity;
  const std::size_t first = std::min<std::size_t>(n, capacity - at);
  std::memcpy(ring + at, src, first);
  std::memcpy(ring, src + first, n - first);
}

void ring_copy_out(const char* ring, std::uint64_t capacity, std::uint64_t pos, char* dst, std::size_t n) {
  const std::size_t at = pos % capacity;
  const std::size_t first = std::min<std::size_t>(n, capacity - at);
  std::memcpy(dst, ring + at, first);
  std::memcpy(dst + first, ring, n - first);
}

// Takes the lock; if its holder died, recounts the items between the committed head and tail.
std::unique_lock<ProcessLock> lock_queue(ByteQueue::Header* h, const char* ring) {
  std::unique_lock lock(h->lock);
  if (h->lock.take_recovered()) {
    std::uint64_t count = 0;
    for (std::uint64_t pos = h->head; pos < h->tail; ++count) {
      std::uint64_t n = 0;
      ring_copy_out(ring, h->capacity, pos, reinterpret_cast<char*>(&n), sizeof n);
      pos += sizeof n + n;
    }
    h->count = count;
  }
  return lock;
}
}  // namespace

void ByteQueue::put(std::string_view item, std::optional<double> timeout) {
  Header* h = header();
  const std::uint64_t need = sizeof(std::uint64_t) + item.size();
  if (need > h->capacity) {
    throw InputError("an item of " + std::to_string(item.size()) + " bytes does not fit in a queue of " +
                     std::to_string(h->capacity) + " bytes: create the queue with a larger capacity");
  }
  const std::int64_t deadline = deadline_of(timeout);
  for (;;) {
    auto lock = lock_queue(h, ring());
    if (h->closed) throw QueueClosed();
    const bool fits = h->capacity - (h->tail - h->head) >= need && (h->maxsize == 0 || h->count < h->maxsize);
    if (fits) {
      const std::uint64_t n = item.size();
      ring_copy_in(ring(), h->capacity, h->tail, reinterpret_cast<const char*>(&n), sizeof n);
      ring_copy_in(ring(), h->capacity, h->tail + sizeof n, item.data(), item.size());
      h->tail += need;  // commit
      ++h->count;
      h->seq.fetch_add(1);
      const bool wake = h->waiters.load() != 0;
      lock.unlock();
      if (wake) futex_wake_all(h->seq);
      return;
    }
    const std::int64_t left = deadline < 0 ? -1 : deadline - monotonic_ns();
    if (deadline >= 0 && left <= 0) throw QueueFull();
    const std::uint32_t seen = h->seq.load();
    h->waiters.fetch_add(1);
    lock.unlock();
    futex_wait(h->seq, seen, left);
    h->waiters.fetch_sub(1);
  }
}

std::string ByteQueue::get(std::optional<double> timeout) {
  Header* h = header();
  const std::int64_t deadline = deadline_of(timeout);
  for (;;) {
    auto lock = lock_queue(h, ring());
    if (h->tail != h->head) {
      std::uint64_t n = 0;
      ring_copy_out(ring(), h->capacity, h->head, reinterpret_cast<char*>(&n), sizeof n);
      std::string item(n, '\0');
      ring_copy_out(ring(), h->capacity, h->head + sizeof n, item.data(), n);
      h->head += sizeof n + n;  // commit
      --h->count;
      h->seq.fetch_add(1);
      const bool wake = h->waiters.load() != 0;
      lock.unlock();
      if (wake) futex_wake_all(h->seq);
      return item;
    }
    if (h->closed) throw QueueClosed();
    const std::int64_t left = deadline < 0 ? -1 : deadline - monotonic_ns();
    if (deadline >= 0 && left <= 0) throw QueueEmpty();
    const std::uint32_t seen = h->seq.load();
    h->waiters.fetch_add(1);
    lock.unlock();
    futex_wait(h->seq, seen, left);
    h->waiters.fetch_sub(1);
  }
}

std::size_t ByteQueue::size() const {
  auto lock = lock_queue(header(), ring());
  return header()->count;
}

std::size_t ByteQueue::maxsize() const { return header()->maxsize; }

void ByteQueue::close() {
  Header* h = header();
  {
    auto lock = lock_queue(h, ring());
    h->closed = true;
    h->seq.fetch_add(1);
  }
  futex_wake_all(h->seq);
}

bool ByteQueue::closed() const {
  auto lock = lock_queue(header(), ring());
  return header()->closed;
}

}  // namespace poolscope::queue_detail
