// Output files are complete or absent: a full disk or a killed writer leaves nothing under the name (and
// no hidden temporary beside it), a symbolic link is replaced rather than written through, and the new
// file's mode follows the umask.
#include "poolscope/util/atomic_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "poolscope/util/errors.hpp"
#include "util/tiny_disk.hpp"

namespace fs = std::filesystem;
using namespace poolscope;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("poolscope_atomic_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t entries(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST(AtomicFile, FullDiskIsAnErrorAndLeavesNoFile) {
  test::TinyDisk disk("atomic");
  if (!disk.mounted()) GTEST_SKIP() << disk.why_not();
  const std::string big(200 * 1024, 'x');  // three times the disk
  try {
    write_file_atomically(disk.file("out.svg"), big);
    ADD_FAILURE() << "200 KiB were written to a 64 KiB disk without an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("No space left"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("out.svg"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(disk.entries().empty()) << "left behind: " << disk.entries().front();
}

TEST(AtomicFile, FullDiskKeepsTheOldFileWhole) {
  test::TinyDisk disk("atomic_old");
  if (!disk.mounted()) GTEST_SKIP() << disk.why_not();
  write_file_atomically(disk.file("out.json"), "{\"old\": true}\n");
  EXPECT_THROW(write_file_atomically(disk.file("out.json"), std::string(200 * 1024, 'y')), InputError);
  EXPECT_EQ(slurp(disk.file("out.json")), "{\"old\": true}\n");
  EXPECT_EQ(disk.entries().size(), 1u);
}

TEST(AtomicFile, ASymlinkIsReplacedAndItsTargetLeftAlone) {
  const fs::path dir = fresh_dir("link");
  const fs::path target = dir / "precious.txt";
  std::ofstream(target) << "keep me";
  ::chmod(target.c_str(), 0600);
  fs::create_symlink(target, dir / "out.png");
  write_file_atomically(dir / "out.png", "new chart");
  EXPECT_FALSE(fs::is_symlink(fs::symlink_status(dir / "out.png"))) << "the link is still there";
  EXPECT_EQ(slurp(dir / "out.png"), "new chart");
  EXPECT_EQ(slurp(target), "keep me") << "written through the link into its target";
  EXPECT_EQ(fs::status(target).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  fs::remove_all(dir);
}

TEST(AtomicFile, ADanglingSymlinkDoesNotCreateItsTarget) {
  const fs::path dir = fresh_dir("dangling");
  fs::create_symlink(dir / "elsewhere.txt", dir / "out.csv");
  write_file_atomically(dir / "out.csv", "a,b\n");
  EXPECT_FALSE(fs::exists(dir / "elsewhere.txt")) << "the link's target was created";
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(dir / "out.csv")));
  EXPECT_EQ(slurp(dir / "out.csv"), "a,b\n");
  fs::remove_all(dir);
}

TEST(AtomicFile, NewFilesFollowTheUmask) {
  const fs::path dir = fresh_dir("umask");
  const mode_t saved = ::umask(027);
  write_file_atomically(dir / "private.json", "{}");
  ::umask(077);
  write_file_atomically(dir / "secret.json", "{}");  // replacing keeps nothing of a laxer mode
  write_file_atomically(dir / "secret.json", "{}");
  ::umask(saved);
  struct stat st {};
  ASSERT_EQ(::stat((dir / "private.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  ASSERT_EQ(::stat((dir / "secret.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  fs::remove_all(dir);
}

// The file is written while it has no name: killing the writer mid-write leaves nothing to clean up.
TEST(AtomicFile, AWriterKilledMidWriteLeavesNothing) {
  const fs::path dir = fresh_dir("killed");
  const int probe = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (probe < 0) {
    fs::remove_all(dir);
    GTEST_SKIP() << "the file system of " << dir << " has no O_TMPFILE (" << std::strerror(errno)
                 << "): there a killed writer leaves its hidden temporary file";
  }
  ::close(probe);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const std::string huge(256u * 1024 * 1024, 'z');
    write_file_atomically(dir / "t.json", huge);
    ::_exit(0);
  }
  // Kill it once its unnamed file holds data, i.e. while it is writing.
  bool writing = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!writing && std::chrono::steady_clock::now() < deadline) {
    for (const auto& fd : fs::directory_iterator("/proc/" + std::to_string(child) + "/fd",
                                                 fs::directory_options::skip_permission_denied)) {
      std::error_code ec;
      const std::string link = fs::read_symlink(fd.path(), ec).string();
      struct stat st {};
      if (!ec && link.rfind(dir.string(), 0) == 0 && ::stat(fd.path().c_str(), &st) == 0 && st.st_size > 0) {
        writing = true;
      }
    }
    if (!writing) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(writing) << "the writer never got to write";
  ASSERT_TRUE(WIFSIGNALED(status)) << "the write finished before the kill";
  EXPECT_EQ(entries(dir), 0u) << "a killed writer left a file behind";
  fs::remove_all(dir);
}

// The temporary name beside a file with a 250-character name must still fit the 255-byte limit.
TEST(AtomicFile, AFileWithTheLongestNameCanBeReplaced) {
  const fs::path dir = fresh_dir("long_name");
  const fs::path file = dir / (std::string(245, 'n') + ".json");
  write_file_atomically(file, "first");
  write_file_atomically(file, "second");
  EXPECT_EQ(slurp(file), "second");
  EXPECT_EQ(entries(dir), 1u);
  fs::remove_all(dir);
}

TEST(AtomicFile, ADeepMissingDirectoryGivesAShortMessage) {
  const fs::path file = fs::path("/tmp") / std::string(200, 'a') / std::string(200, 'b') / "out.json";
  try {
    check_output_path(file, "--trace");
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_LT(std::string(e.what()).size(), 250u) << e.what();
    EXPECT_NE(std::string(e.what()).find("out.json"), std::string::npos) << e.what();
  }
}
