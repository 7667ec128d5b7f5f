// Opens a file the user named as input (trace, scenario) and refuses at once anything but a regular file:
// reading a FIFO with no writer blocks forever, and /dev/zero or /dev/urandom never end.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace poolscope {

// An open regular file; closes it when destroyed.
class InputFile {
 public:
  // Throws InputError "cannot read <what> <file>: it is a named pipe (FIFO), not a regular file" (and
  // likewise for a directory, device or socket, a missing or unreadable file) without blocking.
  InputFile(const std::filesystem::path& file, std::string_view what);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }
  // Hands the descriptor over (e.g. to fdopen); the caller closes it from now on.
  int release();
  // The whole file; throws InputError (naming `what` and the file) if it is larger than `max_bytes`.
  std::string read_all(std::uint64_t max_bytes);

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::string label_;  // "<what> <file>", for messages
};

}  // namespace poolscope
