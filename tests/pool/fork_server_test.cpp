// Pools started through the fork server: they work from a process that already runs threads, their
// workers are reported and replaced like forked ones, and nothing is left behind.
#include "poolscope/pool/fork_server.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "pool_test_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace {

using namespace poolscope;
using namespace pool_test;

PoolOptions forkserver() {
  PoolOptions options;
  options.start_method = StartMethod::forkserver;
  return options;
}

TEST(ForkServerPool, AskingForItWithoutAServerIsAClearError) {
  ForkServer::stop();
  ASSERT_FALSE(ForkServer::running());
  try {
    Pool pool(2, forkserver());
    FAIL() << "a forkserver pool needs the fork server";
  } catch (const SystemError& e) {
    EXPECT_NE(std::string(e.what()).find("ForkServer::start()"), std::string::npos) << e.what();
  }
  ForkServer::start();
  EXPECT_TRUE(ForkServer::running());
}

TEST(ForkServerPool, WorksFromAThreadedProcess) {
  ForkServer::start();
  ASSERT_TRUE(ForkServer::running());
  // Threads exist from here on: only the fork server may fork.
  std::atomic<bool> spin{true};
  std::thread busy([&] {
    while (spin) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  auto result = std::async(std::launch::async, [] {
    Pool pool(3, forkserver());
    const auto t0 = monotonic_ns();
    auto values = pool.map(sleep_double, timed({5, 10, 20}, {200, 200, 200}));
    const double wall = seconds_since(t0);
    const auto workers = pool.worker_processes();
    std::vector<std::string> names;
    for (const auto& w : workers) names.push_back(comm_of(w.pid));
    return std::make_tuple(values, wall, names);
  });
  const auto [values, wall, names] = result.get();
  spin = false;
  busy.join();
  EXPECT_EQ(values, (std::vector<int>{10, 20, 40}));
  EXPECT_LT(wall, 0.35) << "three workers ran in parallel";
  EXPECT_EQ(names, (std::vector<std::string>{"Worker-1", "Worker-2", "Worker-3"}));
}

TEST(ForkServerPool, CrashIsReportedAndTheWorkerReplaced) {
  ForkServer::start();
  Pool pool(2, forkserver());
  auto it = pool.imap(crash_on_13, {10, 13, 20});
  EXPECT_EQ(it.next(), 20);
  try {
    it.next();
    FAIL() << "task 13 should have crashed";
  } catch (const WorkerCrashed& e) {
    EXPECT_NE(std::string(e.what()).find("was killed by signal 9 (SIGKILL)"), std::string::npos) << e.what();
  }
  EXPECT_EQ(it.next(), 40);
  EXPECT_EQ(pool.worker_processes().size(), 2u);
  EXPECT_EQ(pool.map(twice, {1, 2, 3}), (std::vector<int>{2, 4, 6}));
}

TEST(ForkServerPool, TerminateLeavesNoWorker) {
  ForkServer::start();
  std::vector<pid_t> pids;
  {
    Pool pool(2, forkserver());
    for (const auto& w : pool.worker_processes()) pids.push_back(w.pid);
    auto a = pool.apply_async(sleep_double, Timed{1, 5000});
    EXPECT_FALSE(a.wait_for(0.05));
    pool.terminate();
    EXPECT_THROW(a.get(), PoolStopped);
  }
  for (pid_t pid : pids) EXPECT_NE(kill(pid, 0), 0) << "worker " << pid << " is gone, zombie included";
}

TEST(ForkServerPool, DestroyedPoolsLeaveNoWorkerBehind) {
  ForkServer::start();
  std::vector<pid_t> pids;
  {
    Pool pool(2, forkserver());
    for (const auto& w : pool.worker_processes()) pids.push_back(w.pid);
    EXPECT_EQ(pool.apply(twice, 4), 8);
  }
  const auto deadline = monotonic_ns() + 2'000'000'000;
  for (pid_t pid : pids) {
    while (kill(pid, 0) == 0 && monotonic_ns() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_NE(kill(pid, 0), 0) << "worker " << pid;
  }
}

}  // namespace

namespace {

// Workers of plain fork pools inherit the server's control socket; stopping the server must not wait
// for them.
TEST(ForkServerPool, StopDoesNotWaitForWorkersOfForkPools) {
  poolscope::ForkServer::start();
  poolscope::Pool pool(2);
  std::atomic<bool> done{false};
  std::thread stopper([&] {
    poolscope::ForkServer::stop();
    done = true;
  });
  const auto deadline = poolscope::monotonic_ns() + 3'000'000'000;
  while (!done && poolscope::monotonic_ns() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_TRUE(done.load());
  if (!done) pool.terminate();  // releases the socket so the test cannot hang
  stopper.join();
  EXPECT_FALSE(poolscope::ForkServer::running());
  EXPECT_EQ(pool.map(pool_test::twice, {1, 2}), (std::vector<int>{2, 4}));
  poolscope::ForkServer::start();
}

}  // namespace

// The GUI's pools use the fork server: maxtasksperchild must replace workers there too.
TEST(ForkServerPool, MaxtasksperchildReplacesWorkersInTheirRows) {
  ForkServer::start();
  PoolOptions options = forkserver();
  options.maxtasksperchild = 1;
  Pool pool(2, options);
  auto it = pool.imap(twice, {1, 2, 3, 4});
  std::vector<int> pids;
  for (int i = 1; i <= 4; ++i) {
    EXPECT_EQ(it.next(), 2 * i);
    EXPECT_TRUE(it.record().worker == 1 || it.record().worker == 2);
    pids.push_back(it.record().pid);
  }
  std::sort(pids.begin(), pids.end());
  EXPECT_EQ(std::unique(pids.begin(), pids.end()), pids.end()) << "a fresh process for every task";
  pool.close();
  pool.join();
}
