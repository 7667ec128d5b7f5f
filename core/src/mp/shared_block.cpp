// Anonymous MAP_SHARED memory: nothing is named in /dev/shm, so nothing can be left behind by a crash.
#include "poolscope/mp/shared_block.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "poolscope/util/errors.hpp"

namespace poolscope {

SharedBlock::SharedBlock(std::size_t bytes) : size_(bytes == 0 ? 1 : bytes) {
  void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    throw SystemError("cannot map " + std::to_string(size_) + " bytes of shared memory: " + std::strerror(errno));
  }
  data_ = p;
}

SharedBlock::~SharedBlock() {
  if (data_ != nullptr) munmap(data_, size_);
}

}  // namespace poolscope
