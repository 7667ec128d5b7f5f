// What a worker process holds: only the pool's own descriptors, never the caller's files and pipes or
// the pidfds of its sibling workers, with plain fork and with the fork server, first start or replacement.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <limits.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "pool_test_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace {

using namespace poolscope;
using namespace pool_test;

// fd number -> what it points at, as /proc/<pid>/fd shows it.
std::map<int, std::string> fds_of(pid_t pid) {
  std::map<int, std::string> out;
  const std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    char target[PATH_MAX] = {};
    const auto n = readlink((dir + "/" + name).c_str(), target, sizeof target - 1);
    out[std::stoi(name)] = n > 0 ? std::string(target, static_cast<std::size_t>(n)) : std::string("?");
  }
  closedir(d);
  return out;
}

std::string describe(const std::map<int, std::string>& fds) {
  std::string out;
  for (const auto& [fd, target] : fds) out += "  " + std::to_string(fd) + " -> " + target + "\n";
  return out;
}

// The caller's open descriptors a worker must not inherit: a file and both ends of a pipe.
struct CallerDescriptors {
  CallerDescriptors() {
    std::snprintf(path, sizeof path, "/tmp/poolscope-fd-test-XXXXXX");
    file = mkstemp(path);
    if (pipe(pipe_fds) != 0) pipe_fds[0] = pipe_fds[1] = -1;
    pipe_target = fds_of(getpid())[pipe_fds[0]];
  }
  ~CallerDescriptors() {
    for (int fd : {file, pipe_fds[0], pipe_fds[1]}) {
      if (fd >= 0) close(fd);
    }
    unlink(path);
  }
  char path[64] = {};
  int file = -1;
  int pipe_fds[2] = {-1, -1};
  std::string pipe_target;
};

// Only stdin/out/err and the pool's wake-up eventfd: no file, pipe, memfd, socket or pidfd.
void expect_only_the_pools_own(pid_t worker, const CallerDescriptors& caller) {
  const auto fds = fds_of(worker);
  ASSERT_FALSE(fds.empty()) << "cannot read /proc/" << worker << "/fd";
  for (const auto& [fd, target] : fds) {
    if (fd <= 2) continue;
    EXPECT_EQ(fd, 3) << "worker " << worker << " holds more than the pool's eventfd:\n" << describe(fds);
    EXPECT_EQ(target, "anon_inode:[eventfd]") << "worker " << worker << ":\n" << describe(fds);
    EXPECT_NE(target, caller.path);
    EXPECT_NE(target, caller.pipe_target);
    EXPECT_EQ(target.find("pidfd"), std::string::npos) << "a sibling's pidfd:\n" << describe(fds);
  }
}

void check_pool(const PoolOptions& options) {
  const CallerDescriptors caller;
  ASSERT_GE(caller.file, 0);
  ASSERT_GE(caller.pipe_fds[0], 0);
  ASSERT_FALSE(caller.pipe_target.empty());
  Pool pool(3, options);
  const auto workers = pool.worker_processes();
  ASSERT_EQ(workers.size(), 3u);
  for (const auto& w : workers) expect_only_the_pools_own(w.pid, caller);
  // The parent itself holds a pidfd per worker; the last worker forked would inherit the others' with fork.
  int parent_pidfds = 0;
  for (const auto& [fd, target] : fds_of(getpid())) parent_pidfds += target == "anon_inode:[pidfd]" ? 1 : 0;
  EXPECT_GE(parent_pidfds, 2) << "the test needs the parent to hold sibling pidfds for this to mean anything";

  // A replacement worker, forked while the others run, holds no more than they do.
  auto it = pool.imap(crash_on_13, {10, 13, 20});
  EXPECT_EQ(it.next(), 20);
  EXPECT_THROW(it.next(), WorkerCrashed);
  EXPECT_EQ(it.next(), 40);
  const auto after = pool.worker_processes();
  ASSERT_EQ(after.size(), 3u);
  for (const auto& w : after) expect_only_the_pools_own(w.pid, caller);
  EXPECT_EQ(pool.map(twice, std::vector<int>{1, 2, 3}), (std::vector<int>{2, 4, 6})) << "workers still work";
}

TEST(PoolDescriptors, ForkedWorkersHoldOnlyThePoolsOwnDescriptors) { check_pool(PoolOptions{}); }

TEST(PoolDescriptors, ForkServerWorkersHoldOnlyThePoolsOwnDescriptors) {
  ForkServer::start();
  PoolOptions options;
  options.start_method = StartMethod::forkserver;
  check_pool(options);
}

}  // namespace
