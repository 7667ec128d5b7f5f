// Memory for the caller's large arrays (the pool's per-task columns, trace snapshot batches): whole pages
// that worker processes do not inherit (the caller's writes to them after a fork cost no copy-on-write
// fault) and that a later pool of the same process reuses while they are still warm. Small requests go to
// operator new.
#pragma once

#include <cstddef>
#include <new>

namespace poolscope {

void* page_allocate(std::size_t bytes);
void page_deallocate(void* p, std::size_t bytes) noexcept;

template <class T> struct PageAllocator {
  using value_type = T;
  PageAllocator() = default;
  template <class U> PageAllocator(const PageAllocator<U>&) noexcept {}  // NOLINT: converting, as allocators are
  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(page_allocate(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept { page_deallocate(p, n * sizeof(T)); }
  template <class U> bool operator==(const PageAllocator<U>&) const noexcept { return true; }
};

}  // namespace poolscope
