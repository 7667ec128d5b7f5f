// The scenario task: doubles its input after its duration, spins for CPU time with `spin`, and fails the
// way the lesson shows (SIGKILL of its own process, or an exception with a clear message).
#include "poolscope/scenario/workload.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <stdexcept>

using namespace poolscope;
using Clock = std::chrono::steady_clock;

namespace {
double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }
}  // namespace

TEST(Workload, SleepDoublesAfterItsDuration) {
  const auto start = Clock::now();
  EXPECT_EQ(run_workload({21, 0.15, Workload::sleep, false}), 42);
  EXPECT_NEAR(seconds_since(start), 0.15, 0.08);
}

TEST(Workload, SpinBurnsCpuForItsDuration) {
  const auto cpu_seconds = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
  };
  double cpu = cpu_seconds();
  run_workload({5, 0.15, Workload::sleep, false});
  const double sleep_cpu = cpu_seconds() - cpu;

  cpu = cpu_seconds();
  const auto start = Clock::now();
  EXPECT_EQ(run_workload({-4, 0.15, Workload::spin, false}), -8);
  const double spin_wall = seconds_since(start);
  const double spin_cpu = cpu_seconds() - cpu;
  // A sleep uses next to no CPU; a spin is 0.15 s of CPU work, which takes longer on a busy machine.
  EXPECT_LT(sleep_cpu, 0.005);
  EXPECT_NEAR(spin_cpu, 0.15, 0.02);
  EXPECT_GE(spin_wall, 0.145);
}

// What `--workload spin` is for: more workers than cores share them, so each task takes longer.
TEST(Workload, SpinningProcessesOutnumberingCoresTakeLonger) {
  const long cores = ::sysconf(_SC_NPROCESSORS_ONLN);
  ASSERT_GT(cores, 0);
  const long processes = 2 * cores;
  const auto start = Clock::now();
  for (long k = 0; k < processes; ++k) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      run_workload({1, 0.1, Workload::spin, false});
      ::_exit(0);
    }
  }
  for (long k = 0; k < processes; ++k) {
    int status = 0;
    ASSERT_GT(::wait(&status), 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  // 2 x cores tasks of 0.1 s of work on `cores` cores: at least 0.2 s, not the 0.1 s a wall-clock spin takes.
  EXPECT_GT(seconds_since(start), 0.17);
}

TEST(Workload, RaiseThrowsAClearMessageOnlyForTheFailingTask) {
  EXPECT_EQ(run_workload({3, 0.0, Workload::raise, false}), 6);
  try {
    run_workload({3, 0.0, Workload::raise, true});
    FAIL() << "the failing task did not throw";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("input 3"), std::string::npos) << e.what();
  }
}

TEST(Workload, CrashKillsItsOwnProcessWithSigkill) {
  EXPECT_EQ(run_workload({3, 0.0, Workload::crash, false}), 6);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    run_workload({3, 0.05, Workload::crash, true});
    ::_exit(0);  // not reached
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
}

TEST(Workload, ArgumentsComeFromTheScenario) {
  Scenario s;
  s.workload = Workload::crash;
  s.inputs = {5, 10, 20};
  s.durations = {0.1, 0.2, 0.3};
  s.fail_task = 1;
  const WorkloadArgs a = workload_args(s, 1);
  EXPECT_EQ(a.input, 10);
  EXPECT_DOUBLE_EQ(a.seconds, 0.2);
  EXPECT_TRUE(a.fail);
  EXPECT_FALSE(workload_args(s, 0).fail);
  EXPECT_EQ(trace_repr(a), "10");  // the trace shows the input, not the struct
}
