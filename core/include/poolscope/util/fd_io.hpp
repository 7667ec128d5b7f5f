// Whole reads and writes on a file descriptor (pipes between a parent and its forked child), retried on
// EINTR and short transfers.
#pragma once

#include <cstddef>

namespace poolscope {

// False if the other end closed or an error happened before `size` bytes were read.
bool read_all(int fd, void* data, std::size_t size);
// False if an error happened before `size` bytes were written.
bool write_all(int fd, const void* data, std::size_t size);

}  // namespace poolscope
