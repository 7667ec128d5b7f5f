// A block of anonymous shared memory that forked children see: the storage under SharedArray,
// SharedDict and Queue. Create it before fork; it disappears with the last process that maps it.
#pragma once

#include <cstddef>

#include <boost/interprocess/mapped_region.hpp>

namespace poolscope {

class SharedBlock {
 public:
  // Maps `bytes` of zeroed shared memory (pages are committed only when touched). Throws SystemError.
  explicit SharedBlock(std::size_t bytes);
  SharedBlock(const SharedBlock&) = delete;
  SharedBlock& operator=(const SharedBlock&) = delete;

  void* data() const { return region_.get_address(); }
  std::size_t size() const { return region_.get_size(); }

 private:
  boost::interprocess::mapped_region region_;
};

}  // namespace poolscope
