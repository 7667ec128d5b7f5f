// A pool used for a long time, as the GUI uses one: many pools created and destroyed, iterators dropped
// half-way, results never fetched, a worker killed while its result buffer is full. Nothing may pile up
// (file descriptors, memory held for dropped work, children) and nothing may hang.
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <fstream>
#include <memory>
#include <ranges>
#include <string>
#include <vector>

#include "pool_test_support.hpp"
#include "poolscope/pool/fork_server.hpp"
#include "poolscope/pool/pool.hpp"

namespace {

using namespace poolscope;
using namespace pool_test;

int open_fds() {
  int n = 0;
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (dirent* e = readdir(dir)) n += e->d_name[0] != '.';
    closedir(dir);
  }
  return n;
}

std::string twenty_kb(int x) { return std::string(20'000, static_cast<char>('a' + x % 26)); }

int slow_twice(int x) {
  sleep_until_ns(monotonic_ns() + 50'000'000);
  return 2 * x;
}

TEST(PoolLifecycle, HundredPoolsLeaveNoFileDescriptorOrChild) {
  const int before = open_fds();
  for (int i = 0; i < 100; ++i) {
    Pool pool(2);
    if (i % 10 == 0) {
      EXPECT_EQ(pool.map(twice, {1, 2, 3}), (std::vector<int>{2, 4, 6}));
    }
  }
  EXPECT_EQ(open_fds(), before);
  EXPECT_TRUE(children_after(2.0).empty());
  EXPECT_EQ(pool_mappings(), 0);
}

TEST(PoolLifecycle, ForkServerPoolsLeaveNoFileDescriptor) {
  ForkServer::start();
  PoolOptions options;
  options.start_method = StartMethod::forkserver;
  { Pool warm(1, options); }  // the first pool opens the connection to the server
  const int before = open_fds();
  for (int i = 0; i < 20; ++i) {
    Pool pool(2, options);
    EXPECT_EQ(pool.apply(twice, i), 2 * i);
  }
  EXPECT_EQ(open_fds(), before);
}

// The GUI's pool lives for the whole session; every run the user stops drops an imap half-way.
TEST(PoolLifecycle, DroppedImapLetsGoOfItsInputOnceItsTasksAreDone) {
  Pool pool(2);
  auto token = std::make_shared<int>(0);
  {
    auto inputs = std::views::iota(0, 40) | std::views::transform([token](int x) { return x; });
    auto it = pool.imap(slow_twice, inputs, 1, /*max_in_flight=*/4);
    EXPECT_EQ(it.next(), 0);
    EXPECT_EQ(it.next(), 2);
  }
  EXPECT_EQ(pool.map(twice, {5}), (std::vector<int>{10}));  // drives the pool: in-flight tasks finish
  pool.close();
  pool.join();
  EXPECT_EQ(token.use_count(), 1) << "the pool still holds the dropped imap's input";
}

TEST(PoolLifecycle, UnfetchedApplyAsyncResultsDoNotBlockJoin) {
  Pool pool(2);
  for (int i = 0; i < 50; ++i) pool.apply_async(twice, i);  // dropped at once, never fetched
  auto kept = pool.apply_async(twice, 21);
  pool.close();
  pool.join();
  EXPECT_EQ(kept.get(), 42);
  EXPECT_TRUE(children().empty());
}

// A worker blocked on a full result buffer is as killable as one running a task: the rest of its chunk
// is crashed, the caller gets the chunk's exception instead of a hang, and the pool goes on.
TEST(PoolLifecycle, WorkerKilledWhileItsResultBufferIsFull) {
  PoolOptions options;
  options.result_bytes = 64 * 1024;  // three 20 kB results fill it; the fourth waits for the caller
  Pool pool(2, options);
  std::vector<int> inputs;
  for (int i = 0; i < 12; ++i) inputs.push_back(i + 1);
  const auto t0 = monotonic_ns();
  auto it = pool.imap(twenty_kb, inputs, /*chunksize=*/6);
  // Nobody reads results until the next call, so each worker writes three and then sleeps on its full ring.
  const auto workers = pool.worker_processes();
  ASSERT_EQ(workers.size(), 2u);
  const auto deadline = monotonic_ns() + 3'000'000'000;
  auto both_asleep = [&] {
    for (const auto& w : workers) {
      std::ifstream stat("/proc/" + std::to_string(w.pid) + "/stat");
      std::string line;
      std::getline(stat, line);
      const auto paren = line.rfind(')');
      if (paren == std::string::npos || line.substr(paren + 2, 1) != "S") return false;
    }
    return true;
  };
  while (!both_asleep() && monotonic_ns() < deadline) sleep_until_ns(monotonic_ns() + 5'000'000);
  ASSERT_TRUE(both_asleep());
  for (const auto& w : workers) ASSERT_EQ(kill(w.pid, SIGKILL), 0);
  int ok = 0;
  int crashed = 0;
  for (std::size_t k = 0;; ++k) {
    try {
      const auto r = it.next();
      if (!r) break;
      EXPECT_EQ(*r, twenty_kb(inputs[k]));
      ++ok;
    } catch (const WorkerCrashed&) {
      ++crashed;
    }
  }
  // A chunk is one unit, as in Python: the first crashed chunk is one exception and ends the loop, and
  // the three results its worker had written are lost with it.
  EXPECT_EQ(ok, 0);
  EXPECT_EQ(crashed, 1);
  EXPECT_LT(seconds_since(t0), 5.0);
  EXPECT_EQ(pool.map(twice, {7}), (std::vector<int>{14})) << "the pool replaced its workers";
}

}  // namespace

namespace {

// A process at its file-descriptor limit still gets a working pool (the GUI holds many descriptors): a
// worker whose death cannot be watched through a pidfd is still noticed when it is killed.
TEST(PoolLifecycle, WorkerDeathIsNoticedWithoutSpareFileDescriptors) {
#ifdef __SANITIZE_ADDRESS__
  // The sanitizers' runtime opens descriptors of its own (UBSan's vptr check reads /proc/self/maps): with
  // none to spare it reports false errors, so this test runs in the normal build only.
  GTEST_SKIP() << "needs a process without sanitizers (they need file descriptors of their own)";
#endif
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    alarm(10);  // a hang fails the test instead of blocking it
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    // Room for the pool's memfd and eventfd only, not for the workers' pidfds: new descriptors take the
    // lowest free numbers, so the limit goes just past the second free one.
    int limit_fd = 0;
    for (int free_seen = 0; free_seen < 2; ++limit_fd) free_seen += fcntl(limit_fd, F_GETFD) == -1 ? 1 : 0;
    limit.rlim_cur = static_cast<rlim_t>(limit_fd);
    setrlimit(RLIMIT_NOFILE, &limit);
    Pool pool(2);
    auto it = pool.imap_unordered(crash_on_13, {13, 20, 30});
    int ok = 0;
    int crashed = 0;
    for (;;) {
      try {
        if (!it.next()) break;
        ++ok;
      } catch (const WorkerCrashed&) {
        ++crashed;
      }
    }
    _exit(ok == 2 && crashed == 1 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_FALSE(WIFSIGNALED(status)) << "the run hung (alarm) or died: signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0) << "wrong count of ok / crashed tasks";
}

}  // namespace
