// Temp file + rename: rename(2) within one directory is atomic, so a crash or a full disk mid-write
// never leaves a half-written output file where the user expects a complete one.
#include "poolscope/util/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "poolscope/util/errors.hpp"

namespace poolscope {
namespace {

std::filesystem::path directory_of(const std::filesystem::path& file) {
  const auto parent = file.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

// rename(2) replaces whatever the name points at: over /dev/null or a FIFO it would swap the device
// node for a plain file (as root, for every program on the machine), so only regular files are replaced.
bool exists_but_not_regular(const std::filesystem::path& file) {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  return !ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status);
}

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& reason) {
  throw InputError("cannot write " + file.string() + ": " + reason);
}

}  // namespace

void check_output_path(const std::filesystem::path& file, std::string_view what) {
  const std::string label = std::string(what) + " " + file.string();
  if (file.empty()) throw InputError(std::string(what) + " needs a file name");
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw InputError(label + " is a directory, not a file");
  if (exists_but_not_regular(file)) {
    throw InputError(label + " is a device, pipe or socket, not a regular file; give a file name");
  }
  const auto dir = directory_of(file);
  if (!std::filesystem::exists(dir, ec)) {
    throw InputError(label + ": the directory " + dir.string() + " does not exist");
  }
  if (!std::filesystem::is_directory(dir, ec)) throw InputError(label + ": " + dir.string() + " is not a directory");
  if (::access(dir.c_str(), W_OK) != 0) {
    throw InputError(label + ": the directory " + dir.string() + " is not writable");
  }
}

void write_file_atomically(const std::filesystem::path& file, std::string_view content) {
  if (exists_but_not_regular(file)) fail(file, "it exists and is not a regular file");
  const auto dir = directory_of(file);
  std::string temp_name = (dir / ("." + file.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp_name.data());
  if (fd < 0) fail(file, std::strerror(errno));
  // mkstemp creates 0600; output files are ordinary shareable files. (umask() cannot be read without
  // changing it, which would race with other threads of the GUI.)
  ::fchmod(fd, 0644);

  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      const std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(temp_name.c_str());
      fail(file, reason);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  if (::close(fd) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temp_name.c_str());
    fail(file, reason);
  }
  if (::rename(temp_name.c_str(), file.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temp_name.c_str());
    fail(file, reason);
  }
}

}  // namespace poolscope
