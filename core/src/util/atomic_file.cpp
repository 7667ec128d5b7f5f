// The file is written while it has no name (O_TMPFILE) and linked into place only when complete: a full
// disk, an I/O error, an exception or a SIGKILL mid-write leaves nothing where the user expects a file.
#include "poolscope/util/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <random>
#include <string>

#include "poolscope/util/errors.hpp"
#include "poolscope/util/excerpt.hpp"

namespace poolscope {
namespace {

std::filesystem::path directory_of(const std::filesystem::path& file) {
  const auto parent = file.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

// The name itself, not what a symbolic link points at: a link is replaced like a file (rename(2) never
// follows it), while a directory, device node, FIFO or socket under the name is never replaced (rename over
// /dev/null would swap the device for a plain file, as root for every program on the machine).
enum class NameKind : std::uint8_t { absent, replaceable, directory, special };

NameKind kind_of_name(const std::filesystem::path& file) {
  struct stat st {};
  if (::lstat(file.c_str(), &st) != 0) return NameKind::absent;
  if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) return NameKind::replaceable;
  if (S_ISDIR(st.st_mode)) return NameKind::directory;
  return NameKind::special;
}

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& reason) {
  throw InputError("cannot write " + excerpt_path(file) + ": " + reason);
}

// Closes the descriptor and removes a named temporary file on every way out of the writer.
class TempFile {
 public:
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!name_.empty()) ::unlink(name_.c_str());
  }
  int fd() const { return fd_; }
  const std::string& name() const { return name_; }
  void set(int fd, std::string name = {}) {
    fd_ = fd;
    name_ = std::move(name);
  }
  // The named file now has its final name: nothing to remove any more.
  void keep() { name_.clear(); }
  // Closes now, to see the error close(2) may report (NFS reports write errors there).
  int close_checked() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_ = -1;
  std::string name_;
};

// A hidden name beside `file` that no other writer uses: pid, a counter and random bits.
std::string unique_name_beside(const std::filesystem::path& file) {
  static std::atomic<unsigned> counter{0};
  thread_local std::mt19937_64 random{std::random_device{}()};
  return (directory_of(file) / ("." + file.filename().string().substr(0, 100) + "." + std::to_string(::getpid()) + "." +
                                std::to_string(counter++) + "." + std::to_string(random() % 1'000'000'000) + ".tmp"))
      .string();
}

// errno of the first failed write, 0 when every byte was written (short writes are continued).
int write_all(int fd, std::string_view content) {
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (written == 0) return EIO;
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  return 0;
}

// Gives the complete unnamed file `fd` the name `file`: linkat when the name is free, else a link under a
// unique name renamed over it (rename(2) replaces atomically; linkat never replaces). Returns errno or 0;
// ENOTSUP/EPERM/ENOENT from the first linkat mean "cannot name unnamed files here".
int link_into_place(int fd, const std::filesystem::path& file, bool& unsupported) {
  const std::string proc_path = "/proc/self/fd/" + std::to_string(fd);
  if (::linkat(AT_FDCWD, proc_path.c_str(), AT_FDCWD, file.c_str(), AT_SYMLINK_FOLLOW) == 0) return 0;
  if (errno != EEXIST) {
    unsupported = errno == ENOENT || errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP;
    return errno;
  }
  for (int attempt = 0; attempt < 16; ++attempt) {
    const std::string temp = unique_name_beside(file);
    if (::linkat(AT_FDCWD, proc_path.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) != 0) {
      if (errno == EEXIST) continue;
      return errno;
    }
    if (::rename(temp.c_str(), file.c_str()) != 0) {
      const int error = errno;
      ::unlink(temp.c_str());
      return error;
    }
    return 0;
  }
  return EEXIST;
}

// Fallback for file systems without O_TMPFILE: a uniquely named hidden file, removed on every way out.
void write_through_named_temp(const std::filesystem::path& file, std::string_view content) {
  TempFile temp;
  for (int attempt = 0; attempt < 16 && temp.fd() < 0; ++attempt) {
    std::string name = unique_name_beside(file);
    // 0666 and the umask decide the mode, as for any file a program creates.
    const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      temp.set(fd, std::move(name));
    } else if (errno != EEXIST) {
      fail(file, std::strerror(errno));
    }
  }
  if (temp.fd() < 0) fail(file, "no unused temporary name beside it");
  if (const int error = write_all(temp.fd(), content); error != 0) fail(file, std::strerror(error));
  if (temp.close_checked() != 0) fail(file, std::strerror(errno));
  // The destructor removes the temporary name if rename fails.
  if (::rename(temp.name().c_str(), file.c_str()) != 0) fail(file, std::strerror(errno));
  temp.keep();
}

}  // namespace

void check_output_path(const std::filesystem::path& file, std::string_view what) {
  const std::string label = std::string(what) + " " + excerpt_path(file);
  if (file.empty()) throw InputError(std::string(what) + " needs a file name");
  switch (kind_of_name(file)) {
    case NameKind::directory: throw InputError(label + " is a directory, not a file");
    case NameKind::special:
      throw InputError(label + " is a device, pipe or socket, not a regular file; give a file name");
    default: break;
  }
  std::error_code ec;
  const auto dir = directory_of(file);
  if (!std::filesystem::exists(dir, ec)) {
    throw InputError(label + ": the directory " + excerpt_path(dir) + " does not exist");
  }
  if (!std::filesystem::is_directory(dir, ec))
    throw InputError(label + ": " + excerpt_path(dir) + " is not a directory");
  if (::access(dir.c_str(), W_OK) != 0) {
    throw InputError(label + ": the directory " + excerpt_path(dir) + " is not writable");
  }
}

void write_file_atomically(const std::filesystem::path& file, std::string_view content) {
  switch (kind_of_name(file)) {
    case NameKind::directory: fail(file, "it is a directory");
    case NameKind::special: fail(file, "it exists and is not a regular file");
    default: break;
  }
  const auto dir = directory_of(file);
  TempFile temp;
  const int fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0) {
    if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) {
      write_through_named_temp(file, content);
      return;
    }
    fail(file, std::strerror(errno));
  }
  temp.set(fd);
  if (const int error = write_all(fd, content); error != 0) fail(file, std::strerror(error));
  bool unsupported = false;
  if (const int error = link_into_place(fd, file, unsupported); error != 0) {
    if (!unsupported) fail(file, std::strerror(error));
    write_through_named_temp(file, content);  // no /proc, or linking refused: name the file the old way
    return;
  }
  // Already named and complete; a close error can still report data the kernel failed to write.
  if (temp.close_checked() != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(file.c_str());
    fail(file, reason);
  }
}

}  // namespace poolscope
