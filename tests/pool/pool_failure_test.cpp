// Reliability Python's Pool lacks: a task that raises or kills its worker, a worker killed from outside,
// terminate() and the stop flag. Nothing may hang, no child process and no shared memory may be left.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <thread>
#include <vector>

#include "pool_test_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace {

using namespace poolscope;
using namespace pool_test;

TEST(PoolFailure, RaisingTaskIsAnErrorAndImapGoesOn) {
  Pool pool(2);
  auto it = pool.imap(raise_on_13, {11, 12, 13, 14});
  EXPECT_EQ(it.next(), 22);
  EXPECT_EQ(it.next(), 24);
  try {
    it.next();
    FAIL() << "task 13 should have thrown";
  } catch (const WorkerCrashed&) {
    FAIL() << "a raising task is not a crash";
  } catch (const TaskError& e) {
    EXPECT_EQ(e.index(), 2u);
    EXPECT_STREQ(e.what(), "task 13 refused");
  }
  EXPECT_EQ(it.record().status, TaskStatus::error);
  EXPECT_EQ(it.next(), 28);
  EXPECT_EQ(it.next(), std::nullopt);
}

TEST(PoolFailure, MapThrowsTheFirstFailureOnlyAfterAllTasksFinished) {
  Pool pool(2);
  const auto t0 = monotonic_ns();
  std::vector<Timed> inputs{{1, 0}, {13, 0}, {3, 250}};
  EXPECT_THROW(pool.map(
                   +[](Timed t) { return t.first == 13 ? raise_on_13(13) : sleep_double(t); }, inputs, 1),
               TaskError);
  EXPECT_GT(seconds_since(t0), 0.2) << "map waited for the slow task before raising";
  const auto& records = pool.last_records();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].status, TaskStatus::error);
  EXPECT_EQ(records[1].emit_order, 0) << "the exception is what the caller received";
  EXPECT_EQ(records[2].status, TaskStatus::ok);
  EXPECT_EQ(records[0].emit_order, -1) << "a map that raises hands over no result";
  EXPECT_EQ(records[2].emit_order, -1) << "a map that raises hands over no result";
}

TEST(PoolFailure, ExceptionAbandonsTheRestOfItsChunkAndLosesItsResultsLikePython) {
  // Python: the chunk (12, 13, 14, 15) is one call; 13 raises, 24 is lost with it, 14 and 15 never run,
  // the caller receives that one exception, and the generator over chunks is finished.
  Pool pool(1);
  auto it = pool.imap(raise_on_13, {12, 13, 14, 15}, 4);
  try {
    it.next();
    FAIL() << "the chunk's exception comes first";
  } catch (const TaskError& e) {
    EXPECT_EQ(e.index(), 1u);
    EXPECT_STREQ(e.what(), "task 13 refused");
  }
  EXPECT_EQ(it.next(), std::nullopt);
  EXPECT_EQ(it.next(), std::nullopt);
}

TEST(PoolFailure, TaskThatKillsItsWorkerIsReportedCrashedAndTheWorkerReplaced) {
  const auto shm_before = dev_shm_entries();
  {
    Pool pool(2);
    const auto before = pool.worker_processes();
    auto it = pool.imap(crash_on_13, {10, 13, 20, 30});
    EXPECT_EQ(it.next(), 20);
    try {
      it.next();
      FAIL() << "task 13 should have crashed";
    } catch (const WorkerCrashed& e) {
      EXPECT_EQ(e.index(), 1u);
      const std::string message = e.what();
      EXPECT_NE(message.find("was killed by signal 9 (SIGKILL)"), std::string::npos) << message;
      EXPECT_NE(message.find("Worker-" + std::to_string(it.record().worker)), std::string::npos) << message;
    }
    EXPECT_EQ(it.record().status, TaskStatus::crashed);
    EXPECT_EQ(it.next(), 40);
    EXPECT_EQ(it.next(), 60);
    const auto after = pool.worker_processes();
    ASSERT_EQ(after.size(), 2u);
    int replaced = 0;
    for (std::size_t i = 0; i < 2; ++i) {
      EXPECT_EQ(after[i].worker, before[i].worker);
      replaced += after[i].pid != before[i].pid;
    }
    EXPECT_EQ(replaced, 1) << "the dead worker's id lives on in a new process";
    EXPECT_EQ(pool.map(twice, {1, 2, 3}), (std::vector<int>{2, 4, 6}));
    EXPECT_THROW(pool.map(crash_on_13, {1, 13, 2}), WorkerCrashed);
    EXPECT_EQ(pool.last_records()[2].status, TaskStatus::ok);
  }
  EXPECT_TRUE(children_after(2.0).empty());
  EXPECT_EQ(pool_mappings(), 0);
  for (const auto& name : dev_shm_entries()) {
    if (shm_before.count(name) == 0) {
      EXPECT_EQ(name.find("poolscope"), std::string::npos) << name;
    }
  }
}

int segfault_on_13(int x) {
  if (x == 13) raise(SIGSEGV);
  return 2 * x;
}
int exit_on_13(int x) {
  if (x == 13) _exit(3);
  return 2 * x;
}

TEST(PoolFailure, SegfaultAndExitAreCrashesToo) {
  Pool pool(2);
  try {
    pool.map(segfault_on_13, {1, 13, 2}, 1);
    FAIL();
  } catch (const WorkerCrashed& e) {
#ifdef __SANITIZE_ADDRESS__
    // AddressSanitizer catches the fault itself, reports it and exits with code 1.
    const char* expected = "exited with code 1";
#else
    const char* expected = "signal 11 (SIGSEGV)";
#endif
    EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
  }
  try {
    pool.map(exit_on_13, {1, 13, 2}, 1);
    FAIL();
  } catch (const WorkerCrashed& e) {
    EXPECT_NE(std::string(e.what()).find("exited with code 3"), std::string::npos) << e.what();
  }
  EXPECT_EQ(pool.map(twice, {4}), (std::vector<int>{8}));
}

TEST(PoolFailure, WorkerKilledFromOutsideMidTaskDoesNotHang) {
  Pool pool(2);
  const auto t0 = monotonic_ns();
  auto it = pool.imap_unordered(sleep_double, timed({1, 2, 3}, {150, 2000, 150}));
  EXPECT_TRUE(it.next().has_value());
  // Task 1 (2 s) is running somewhere: kill its worker by hand, like `kill -9 <pid>`.
  pid_t victim = 0;
  for (const auto& w : pool.worker_processes()) {
    if (w.worker != it.record().worker) victim = w.pid;
  }
  ASSERT_NE(victim, 0);
  ASSERT_EQ(kill(victim, SIGKILL), 0);
  int ok = 0;
  int crashed = 0;
  for (;;) {
    try {
      if (!it.next()) break;
      ++ok;
    } catch (const WorkerCrashed& e) {
      ++crashed;
      EXPECT_EQ(e.index(), 1u);
    }
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(crashed, 1);
  EXPECT_LT(seconds_since(t0), 1.0) << "the crash was noticed without waiting for the task's 2 s";
}

TEST(PoolFailure, TerminateKillsEverythingAtOnce) {
  const auto t0 = monotonic_ns();
  {
    Pool pool(3);
    auto it = pool.imap(sleep_double, timed({1, 2, 3}, {5000, 5000, 5000}));
    EXPECT_FALSE(pool.apply_async(twice, 1).wait_for(0.05));
    pool.terminate();
    EXPECT_THROW(it.next(), PoolStopped);
    EXPECT_TRUE(pool.worker_processes().empty());
    EXPECT_TRUE(children().empty()) << "terminate() reaps before returning";
  }
  EXPECT_LT(seconds_since(t0), 1.0);
}

TEST(PoolFailure, DestroyingAPoolWithWorkRunningTerminatesIt) {
  const auto t0 = monotonic_ns();
  {
    Pool pool(2);
    auto a = pool.apply_async(sleep_double, Timed{1, 5000});
    EXPECT_FALSE(a.wait_for(0.05));
  }
  EXPECT_TRUE(children().empty());
  EXPECT_EQ(pool_mappings(), 0);
  EXPECT_LT(seconds_since(t0), 1.0);
}

TEST(PoolFailure, StopFlagFromAnotherThreadStopsAWaitingMap) {
  StopFlag stop;
  PoolOptions options;
  options.stop = &stop;
  Pool pool(2, options);
  std::atomic<std::int64_t> requested_at{0};
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    requested_at = monotonic_ns();
    stop.request();
  });
  EXPECT_THROW(pool.map(sleep_double, timed({1, 2, 3}, {5000, 5000, 5000})), PoolStopped);
  const auto stopped_at = monotonic_ns();
  stopper.join();
  // Measured from the request, not from the start: a busy machine may wake the stopper late.
  ASSERT_NE(requested_at.load(), 0);
  EXPECT_LT(static_cast<double>(stopped_at - requested_at.load()) / 1e9, 0.08);
  EXPECT_TRUE(children().empty());
  EXPECT_THROW(pool.map(twice, {1}), PoolStopped);
}

// The CLI's SIGINT handler only calls StopFlag::request().
StopFlag* g_flag = nullptr;
extern "C" void on_sigint(int) { g_flag->request(); }

TEST(PoolFailure, SigintThroughTheStopFlagLeavesNoChild) {
  StopFlag stop;
  g_flag = &stop;
  struct sigaction sa {};
  struct sigaction old {};
  sa.sa_handler = on_sigint;
  sigaction(SIGINT, &sa, &old);
  PoolOptions options;
  options.stop = &stop;
  {
    Pool pool(2, options);
    auto it = pool.imap(sleep_double, timed({1, 2}, {5000, 5000}));
    std::thread signaller([] {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      kill(getpid(), SIGINT);
    });
    EXPECT_THROW(it.next(), PoolStopped);
    signaller.join();
  }
  sigaction(SIGINT, &old, nullptr);
  EXPECT_TRUE(children().empty());
}

}  // namespace
