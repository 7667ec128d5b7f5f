// A block of anonymous shared memory that forked children see: the storage under SharedArray,
// SharedDict and Queue. Create it before fork; it disappears with the last process that maps it.
#pragma once

#include <cstddef>
#include <memory>

namespace poolscope {

class SharedBlock {
 public:
  // Maps `bytes` of zeroed shared memory (pages are committed only when touched). Throws SystemError.
  explicit SharedBlock(std::size_t bytes);
  ~SharedBlock();
  SharedBlock(const SharedBlock&) = delete;
  SharedBlock& operator=(const SharedBlock&) = delete;

  void* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace poolscope
