// A 64 KiB tmpfs mounted on a fresh directory: a disk that fills up after a few writes, to test what the
// writers do on ENOSPC. Mounting needs root (CAP_SYS_ADMIN); tests skip with a message where it is refused.
#pragma once

#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace poolscope::test {

class TinyDisk {
 public:
  explicit TinyDisk(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / ("poolscope_tiny_" + name + "_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
    if (::mount("tmpfs", path_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0777") == 0) {
      mounted_ = true;
    } else {
      why_not_ = std::string("mounting a 64 KiB tmpfs was refused (") + std::strerror(errno) +
                 "); run as root to test a full disk";
    }
  }
  ~TinyDisk() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TinyDisk(const TinyDisk&) = delete;
  TinyDisk& operator=(const TinyDisk&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& why_not() const { return why_not_; }
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

  // Every name in the directory, hidden ones included.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) names.push_back(entry.path().filename());
    return names;
  }

 private:
  std::filesystem::path path_;
  bool mounted_ = false;
  std::string why_not_;
};

}  // namespace poolscope::test
