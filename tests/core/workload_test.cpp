// The scenario task: doubles its input after its duration, spins for real with `spin`, and fails the
// way the lesson shows (SIGKILL of its own process, or an exception with a clear message).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <stdexcept>

#include "poolscope/workload.hpp"

using namespace poolscope;
using Clock = std::chrono::steady_clock;

namespace {
double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}
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
  EXPECT_NEAR(seconds_since(start), 0.15, 0.08);
  const double spin_cpu = cpu_seconds() - cpu;
  // A sleep uses next to no CPU; a spin uses all it is given, even on a machine busy with other work.
  EXPECT_LT(sleep_cpu, 0.005);
  EXPECT_GT(spin_cpu, 0.015);
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
