// Python's multiprocessing.Array('d', [...]): a fixed-size array in shared memory that forked children
// read and write in place, with a lock (get_lock()) for read-modify-write updates.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "poolscope/mp/process_lock.hpp"
#include "poolscope/mp/shared_block.hpp"
#include "poolscope/util/errors.hpp"

namespace poolscope {

template <class T>
requires std::is_trivially_copyable_v<T>
class SharedArray {
 public:
  // A handle: copies (e.g. the one a Process argument holds) refer to the same shared elements.
  explicit SharedArray(std::size_t size, const T& value = T{}) : SharedArray(std::vector<T>(size, value)) {}
  SharedArray(std::initializer_list<T> values) : SharedArray(std::vector<T>(values)) {}
  explicit SharedArray(const std::vector<T>& values)
      : block_(std::make_shared<SharedBlock>(data_offset() + values.size() * sizeof(T))) {
    header_ = new (block_->data()) Header{};
    header_->size = values.size();
    data_ = reinterpret_cast<T*>(static_cast<char*>(block_->data()) + data_offset());
    for (std::size_t i = 0; i < values.size(); ++i) new (data_ + i) T(values[i]);
  }

  std::size_t size() const { return header_->size; }

  // Element access is not locked (as `arr[i] += 1` is not atomic in Python either): take get_lock()
  // around updates that several processes make. Throws LookupError (a std::out_of_range) like Python's IndexError.
  T& operator[](std::size_t i) const {
    if (i >= size()) {
      throw LookupError("array index " + std::to_string(i) + " out of range (size " + std::to_string(size()) + ")");
    }
    return data_[i];
  }
  T* begin() const { return data_; }
  T* end() const { return data_ + size(); }

  ProcessLock& get_lock() const { return header_->lock; }

  // Python's arr[:]: a snapshot of every element, taken under the lock.
  std::vector<T> to_vector() const {
    std::lock_guard guard(get_lock());
    return std::vector<T>(begin(), end());
  }

 private:
  struct Header {
    ProcessLock lock;
    std::size_t size = 0;
  };
  static constexpr std::size_t data_offset() {
    constexpr std::size_t align = alignof(T) > alignof(std::max_align_t) ? alignof(T) : alignof(std::max_align_t);
    return (sizeof(Header) + align - 1) / align * align;
  }

  std::shared_ptr<SharedBlock> block_;
  Header* header_ = nullptr;
  T* data_ = nullptr;
};

}  // namespace poolscope
