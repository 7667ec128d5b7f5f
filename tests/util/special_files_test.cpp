// Files that are not plain files, named where a file is expected: a FIFO or a device must be refused with a
// message, never replaced by rename (as root that swaps /dev/null for a plain file) nor read forever.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "poolscope/scenario/scenario.hpp"
#include "poolscope/trace/trace_reader.hpp"
#include "poolscope/util/atomic_file.hpp"
#include "poolscope/util/errors.hpp"

namespace fs = std::filesystem;
using namespace poolscope;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("poolscope_special_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

fs::path make_fifo(const fs::path& dir) {
  const fs::path fifo = dir / "out.json";
  EXPECT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  return fifo;
}

}  // namespace

TEST(SpecialFiles, OutputCheckRefusesAFifo) {
  const fs::path dir = fresh_dir("check");
  const fs::path fifo = make_fifo(dir);
  EXPECT_THROW(check_output_path(fifo, "--trace"), InputError);
  EXPECT_TRUE(fs::is_fifo(fifo));
  fs::remove_all(dir);
}

TEST(SpecialFiles, AtomicWriteLeavesAFifoInPlace) {
  const fs::path dir = fresh_dir("write");
  const fs::path fifo = make_fifo(dir);
  EXPECT_THROW(write_file_atomically(fifo, "{}"), InputError);
  EXPECT_TRUE(fs::is_fifo(fifo)) << "the FIFO was replaced by a plain file";
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++entries;
  EXPECT_EQ(entries, 1u) << "a temporary file was left behind";
  fs::remove_all(dir);
}

TEST(SpecialFiles, ScenarioFromADeviceIsRefusedAtOnce) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(load_scenario("/dev/zero"), InputError);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(SpecialFiles, ScenarioFromAFifoIsRefusedWithoutBlocking) {
  const fs::path dir = fresh_dir("fifo_in");
  const fs::path fifo = make_fifo(dir);
  // Opening a FIFO for reading blocks until a writer comes; the refusal must come before the open.
  EXPECT_THROW(load_scenario(fifo), InputError);
  fs::remove_all(dir);
}

TEST(SpecialFiles, HugeScenarioFileIsRefusedBeforeParsing) {
  const fs::path dir = fresh_dir("huge");
  const fs::path file = dir / "huge.json";
  {
    std::ofstream out(file);
    out << "{\"durations\": [0]}";
  }
  fs::resize_file(file, 40u * 1024 * 1024);  // sparse: no disk used, but 40 MiB to read
  try {
    load_scenario(file);
    ADD_FAILURE() << "a 40 MiB scenario file was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("MiB"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

// `poolscope render fifo.json` with no writer must not wait for one.
TEST(SpecialFiles, TraceFromAFifoIsRefusedWithoutBlocking) {
  const fs::path dir = fresh_dir("trace_fifo");
  const fs::path fifo = make_fifo(dir);
  const auto start = std::chrono::steady_clock::now();
  try {
    read_trace(fifo);
    ADD_FAILURE() << "a FIFO was read as a trace";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("named pipe (FIFO)"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  fs::remove_all(dir);
}

TEST(SpecialFiles, TraceFromADeviceADirectoryOrASocketIsRefused) {
  const fs::path dir = fresh_dir("trace_kinds");
  const fs::path socket_path = dir / "s.json";
  const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(sock, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
  ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const std::pair<fs::path, std::string> cases[] = {
      {"/dev/zero", "device"}, {dir, "directory"}, {socket_path, "socket"}};
  for (const auto& [file, kind] : cases) {
    try {
      read_trace(file);
      ADD_FAILURE() << file << " was read as a trace";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(kind), std::string::npos) << e.what();
    }
  }
  ::close(sock);
  fs::remove_all(dir);
}

TEST(SpecialFiles, ScenarioFromAFifoSaysItIsAFifo) {
  const fs::path dir = fresh_dir("fifo_named");
  const fs::path fifo = make_fifo(dir);
  try {
    load_scenario(fifo);
    ADD_FAILURE() << "a FIFO was read as a scenario";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("named pipe (FIFO)"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}
