// Workers that die while starting, and signals that must reach the right process: a start-up death is
// retried with a pause and then a WorkerStartError (never an endless loop), and terminate() signals
// workers through pidfds, so a process that took a dead worker's pid is left alone.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <string>
#include <vector>

#include "pool_test_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace {

using namespace poolscope;
using namespace pool_test;

// Shared with the workers (a MAP_SHARED page made before the pool, so forked workers share it too; the
// fork server's workers do as well, as the server is a fork of this process made before any test).
struct StartControl {
  std::atomic<int> starts{0};
  std::atomic<int> deaths_left{0};  // the next this many starts die; < 0: every start dies
};

StartControl* control() {
  static auto* shared = [] {
    void* p = mmap(nullptr, sizeof(StartControl), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return new (p) StartControl;
  }();
  return shared;
}

void dying_start(int) {
  StartControl& c = *control();
  c.starts.fetch_add(1);
  const int left = c.deaths_left.load();
  if (left < 0 || (left > 0 && c.deaths_left.fetch_sub(1) > 0)) _exit(3);
}

PoolOptions with_dying_start(StartMethod method = StartMethod::fork) {
  PoolOptions options;
  options.start_method = method;
  options.worker_start_hook = dying_start;
  return options;
}

constexpr int kAttempts = 5;  // what the pool promises: five starts, then WorkerStartError

void expect_start_error(const std::string& what) {
  EXPECT_NE(what.find("could not start"), std::string::npos) << what;
  EXPECT_NE(what.find("5 times in a row before it was ready"), std::string::npos) << what;
  EXPECT_NE(what.find("exited with code 3"), std::string::npos) << what;
}

void check_start_failure(StartMethod method) {
  control()->starts = 0;
  control()->deaths_left = -1;
  const auto t0 = monotonic_ns();
  try {
    Pool pool(2, with_dying_start(method));
    FAIL() << "a worker that always dies at start-up cannot make a pool";
  } catch (const WorkerStartError& e) {
    expect_start_error(e.what());
    EXPECT_NE(std::string(e.what()).find("Worker-1"), std::string::npos) << e.what();
    const Error& as_error = e;  // one of the library's exceptions
    EXPECT_STREQ(as_error.what(), e.what());
  }
  const double took = seconds_since(t0);
  control()->deaths_left = 0;
  EXPECT_EQ(control()->starts.load(), kAttempts) << "retried a bounded number of times";
  EXPECT_GT(took, 0.14) << "10 + 20 + 40 + 80 ms of pauses between the attempts";
  EXPECT_LT(took, 2.0);
  EXPECT_TRUE(children_after(2.0).empty()) << "no worker left behind";
}

TEST(PoolWorkerStart, AWorkerThatAlwaysDiesAtStartUpIsAPoolErrorNotALoop) { check_start_failure(StartMethod::fork); }

TEST(PoolWorkerStart, SameWithTheForkServer) {
  // The server must be a fork of this process made after the shared page exists, so its workers see it.
  ForkServer::stop();
  control();
  ForkServer::start();
  check_start_failure(StartMethod::forkserver);
}

TEST(PoolWorkerStart, AFewStartUpDeathsAreRetriedAndThePoolWorks) {
  control()->starts = 0;
  control()->deaths_left = 3;
  Pool pool(2, with_dying_start());
  EXPECT_EQ(control()->deaths_left.load(), 0);
  EXPECT_EQ(control()->starts.load(), 5) << "three deaths, then two workers that started";
  EXPECT_EQ(pool.worker_processes().size(), 2u);
  EXPECT_EQ(pool.map(twice, std::vector<int>{1, 2, 3, 4}), (std::vector<int>{2, 4, 6, 8}));
}

TEST(PoolWorkerStart, AReplacementThatCannotStartStopsThePoolWithAClearError) {
  control()->starts = 0;
  control()->deaths_left = 0;
  Pool pool(1, with_dying_start());
  EXPECT_EQ(pool.map(twice, std::vector<int>{1, 2}), (std::vector<int>{2, 4}));
  // From now on no new worker starts: the one that dies in task 13 cannot be replaced.
  control()->deaths_left = -1;
  auto it = pool.imap(crash_on_13, {13, 20, 30});
  const auto t0 = monotonic_ns();
  try {
    it.next();
    FAIL() << "the pool cannot go on without a worker";
  } catch (const WorkerStartError& e) {
    expect_start_error(e.what());
  }
  EXPECT_LT(seconds_since(t0), 2.0);
  control()->deaths_left = 0;
  EXPECT_THROW(it.next(), WorkerCrashed) << "task 13 did kill its worker";
  EXPECT_THROW(it.next(), PoolStopped) << "the pool stopped; nothing hangs";
  EXPECT_THROW(pool.map(twice, std::vector<int>{1}), PoolStopped);
  EXPECT_TRUE(children_after(2.0).empty()) << "no worker left behind";
}

bool exists(pid_t pid) { return access(("/proc/" + std::to_string(pid)).c_str(), F_OK) == 0; }

TEST(PoolSignals, TerminateLeavesAloneAProcessThatTookADeadWorkersPid) {
  // The fork server reaps its workers, so a worker's pid can be reused before the pool hears of the
  // death. terminate() must signal the worker (its pidfd), not whatever process now has that pid.
  ForkServer::start();
  PoolOptions options;
  options.start_method = StartMethod::forkserver;
  Pool pool(1, options);
  const pid_t worker = pool.worker_processes().at(0).pid;
  ASSERT_EQ(kill(worker, SIGKILL), 0);  // the pool is idle: it will not notice before terminate()
  const auto deadline = monotonic_ns() + 2'000'000'000;
  while (exists(worker) && monotonic_ns() < deadline) usleep(1000);
  ASSERT_FALSE(exists(worker)) << "the fork server reaps its workers";

  // Have a new process get the dead worker's pid (root can choose the next pid through ns_last_pid).
  pid_t bystander = -1;
  for (int attempt = 0; attempt < 20 && bystander < 0; ++attempt) {
    {
      std::ofstream last("/proc/sys/kernel/ns_last_pid");
      last << worker - 1;
      last.flush();
      if (!last) GTEST_SKIP() << "cannot set ns_last_pid here (needs CAP_SYS_ADMIN)";
    }
    const pid_t p = fork();
    if (p == 0) {
      pause();
      _exit(0);
    }
    ASSERT_GT(p, 0);
    if (p == worker) {
      bystander = p;
    } else {
      kill(p, SIGKILL);
      waitpid(p, nullptr, 0);
    }
  }
  if (bystander < 0) GTEST_SKIP() << "another process took pid " << worker << " first";

  const int watch = static_cast<int>(syscall(SYS_pidfd_open, bystander, 0));
  ASSERT_GE(watch, 0);
  pool.terminate();
  // A SIGKILL sent by terminate() would end it within a few milliseconds: give it half a second.
  pollfd p{watch, POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 500), 0) << "terminate() killed a process that only reused a worker's pid";
  close(watch);
  int status = 0;
  kill(bystander, SIGKILL);
  waitpid(bystander, &status, 0);
}

}  // namespace
