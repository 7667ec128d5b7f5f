// The type is checked on the opened descriptor (fstat), not on the name: a name checked and then opened
// could be swapped for a FIFO in between. O_NONBLOCK makes opening a FIFO return at once instead of
// waiting for a writer; it is cleared again for the regular file actually read.
#include "poolscope/util/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"

namespace poolscope {
namespace {

const char* not_regular(mode_t mode) {
  if (S_ISDIR(mode)) return "it is a directory, not a file";
  if (S_ISFIFO(mode)) return "it is a named pipe (FIFO), not a regular file";
  if (S_ISSOCK(mode)) return "it is a socket, not a regular file";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "it is a device, not a regular file";
  if (!S_ISREG(mode)) return "it is not a regular file";
  return nullptr;
}

}  // namespace

InputFile::InputFile(const std::filesystem::path& file, std::string_view what)
    : label_(std::string(what) + " " + excerpt_path(file)) {
  const auto refuse = [&](const std::string& reason) { throw InputError("cannot read " + label_ + ": " + reason); };
  if (file.empty()) throw InputError(std::string(what) + " needs a file name");
  struct stat st {};
  // Looked at first only for the message: opening a socket fails with a less helpful ENXIO.
  if (::stat(file.c_str(), &st) == 0) {
    if (const char* reason = not_regular(st.st_mode)) refuse(reason);
  }
  fd_ = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd_ < 0) {
    if (errno == ENOENT) refuse("there is no such file");
    refuse(std::strerror(errno));
  }
  if (::fstat(fd_, &st) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    refuse(reason);
  }
  if (const char* reason = not_regular(st.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    refuse(reason);
  }
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);
  size_ = static_cast<std::uint64_t>(st.st_size);
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

int InputFile::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

std::string InputFile::read_all(std::uint64_t max_bytes) {
  if (size_ > max_bytes) {
    throw InputError(label_ + " is " + std::to_string(size_ / (1024 * 1024)) + " MiB; it may be at most " +
                     std::to_string(max_bytes / (1024 * 1024)) + " MiB");
  }
  std::string text;
  text.reserve(static_cast<std::size_t>(size_));
  char buffer[65536];
  while (true) {
    const ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw InputError("cannot read " + label_ + ": " + std::strerror(errno));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    // A file growing while it is read (a log being written) must not get past the limit either.
    if (text.size() > max_bytes) {
      throw InputError(label_ + " grew past " + std::to_string(max_bytes / (1024 * 1024)) + " MiB while it was read");
    }
  }
  return text;
}

}  // namespace poolscope
