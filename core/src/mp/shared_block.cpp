// Anonymous MAP_SHARED memory from Boost.Interprocess: nothing is named in /dev/shm, so nothing can be
// left behind by a crash, and children forked after it inherit the mapping.
#include "poolscope/mp/shared_block.hpp"

#include <string>

#include <boost/interprocess/anonymous_shared_memory.hpp>
#include <boost/interprocess/exceptions.hpp>

#include "poolscope/util/errors.hpp"

namespace poolscope {
namespace {

boost::interprocess::mapped_region map_anonymous(std::size_t bytes) {
  try {
    return boost::interprocess::anonymous_shared_memory(bytes == 0 ? 1 : bytes);
  } catch (const boost::interprocess::interprocess_exception& e) {
    throw SystemError("cannot map " + std::to_string(bytes) + " bytes of shared memory: " + e.what());
  }
}

}  // namespace

SharedBlock::SharedBlock(std::size_t bytes) : region_(map_anonymous(bytes)) {}

}  // namespace poolscope
