// The pages behind large arrays of the caller; see page_allocator.hpp.
#include "poolscope/util/page_allocator.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <bit>
#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

namespace poolscope {
namespace {

constexpr std::size_t kSmall = std::size_t{64} << 10;  // below this, operator new
constexpr std::size_t kKept = std::size_t{128} << 20;  // freed pages kept for reuse, at most

// Freed mappings by size, for the next pool. Only valid in the process that made them: a forked child has
// the list but not the pages (they are MADV_DONTFORK), so it starts an empty one.
struct Cache {
  std::mutex mutex;
  pid_t owner = 0;
  std::size_t kept = 0;
  std::map<std::size_t, std::vector<void*>> free;
  std::map<void*, std::size_t> live;  // mappings this process made and has not freed

  void adopt_if_forked() {
    const pid_t me = getpid();
    if (owner == me) return;
    owner = me;
    kept = 0;
    free.clear();
    live.clear();
  }
};

Cache& cache() {
  static Cache* c = new Cache;  // never destroyed: arrays may be freed during static destruction
  return *c;
}

std::size_t mapped_size(std::size_t bytes) { return std::bit_ceil(bytes); }

}  // namespace

void* page_allocate(std::size_t bytes) {
  if (bytes < kSmall) return ::operator new(bytes);
  const std::size_t size = mapped_size(bytes);
  Cache& c = cache();
  {
    const std::lock_guard lock(c.mutex);
    c.adopt_if_forked();
    auto it = c.free.find(size);
    if (it != c.free.end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      c.kept -= size;
      c.live.emplace(p, size);
      return p;
    }
  }
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  // The workers never touch the caller's bookkeeping: they do not inherit it.
  madvise(p, size, MADV_DONTFORK);
  try {
    const std::lock_guard lock(c.mutex);
    c.adopt_if_forked();
    c.live.emplace(p, size);
  } catch (...) {
    munmap(p, size);
    throw;
  }
  return p;
}

void page_deallocate(void* p, std::size_t bytes) noexcept {
  if (p == nullptr) return;
  if (bytes < kSmall) {
    ::operator delete(p);
    return;
  }
  const std::size_t size = mapped_size(bytes);
  Cache& c = cache();
  {
    const std::lock_guard lock(c.mutex);
    c.adopt_if_forked();
    // A forked child that frees what its parent allocated has no such pages (they were not inherited;
    // a new mapping may even sit at their address): nothing to keep, nothing to unmap.
    const auto it = c.live.find(p);
    if (it == c.live.end()) return;
    c.live.erase(it);
    if (c.kept + size <= kKept) {
      try {
        c.free[size].push_back(p);
        c.kept += size;
        return;
      } catch (...) {}
    }
  }
  munmap(p, size);
}

}  // namespace poolscope
