// Process and current_process(): names as Python gives them, exit codes, join with a timeout, kill.
#include "poolscope/mp/process.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <string>
#include <thread>

#include "poolscope/mp/current_process.hpp"
#include "poolscope/mp/pipe.hpp"
#include "poolscope/util/clock.hpp"

namespace {

using poolscope::Process;

void report_name(poolscope::Connection conn) {
  conn.send(poolscope::current_process().name);
  conn.send(poolscope::current_process().pid);
}

TEST(Process, ParentIsMainProcess) {
  EXPECT_EQ(poolscope::current_process().name, "MainProcess");
  EXPECT_EQ(poolscope::current_process().pid, static_cast<int>(getpid()));
}

TEST(Process, DefaultNamesCountUpAndCustomNamesAreKept) {
  Process first([] {});
  Process second([] {});
  Process test("Test", [] {});
  ASSERT_TRUE(first.name().starts_with("Process-"));
  const int n = std::stoi(first.name().substr(8));
  EXPECT_EQ(second.name(), "Process-" + std::to_string(n + 1));
  EXPECT_EQ(test.name(), "Test");
}

// CPython numbers every Process object when it is created, started or not, named or not:
// Process(), Process(name='Test'), Process() are Process-1, Test and Process-3 (the notebook's In[4]).
TEST(Process, EveryProcessObjectTakesANumberStartedOrNotNamedOrNot) {
  Process never_started([] {});
  Process test("Test", [] {});
  Process next([] {});
  const int n = std::stoi(never_started.name().substr(8));
  EXPECT_EQ(next.name(), "Process-" + std::to_string(n + 2));
  poolscope::process_detail::skip_child_identities(3);  // a lesson going on from the notebook's earlier cells
  Process after([] {});
  EXPECT_EQ(after.name(), "Process-" + std::to_string(n + 6));
}

TEST(Process, ChildSeesItsOwnNameAndPid) {
  auto [parent_end, child_end] = poolscope::Pipe();
  Process test("Test", report_name, child_end);
  test.start();
  EXPECT_EQ(parent_end.recv<std::string>(), "Test");
  EXPECT_EQ(parent_end.recv<int>(), test.pid());
  EXPECT_NE(test.pid(), static_cast<int>(getpid()));
  test.join();
  EXPECT_EQ(test.exitcode(), 0);
}

TEST(Process, GrandchildrenAreNamedAfterTheirParent) {
  auto [parent_end, child_end] = poolscope::Pipe();
  Process outer([conn = child_end] {
    Process inner(report_name, conn);
    inner.start();
    inner.join();
  });
  outer.start();
  const std::string expected = outer.name().substr(8);
  EXPECT_EQ(parent_end.recv<std::string>(), "Process-" + expected + ":1");
  outer.join();
}

TEST(Process, ExceptionInTargetGivesExitCodeOne) {
  Process p([] { throw std::runtime_error("boom"); });
  p.start();
  p.join();
  EXPECT_EQ(p.exitcode(), 1);
}

TEST(Process, JoinWithTimeoutReturnsWhileChildRuns) {
  Process p([] { std::this_thread::sleep_for(std::chrono::seconds(10)); });
  p.start();
  const auto t0 = poolscope::monotonic_ns();
  EXPECT_FALSE(p.join(0.15));
  const double waited = static_cast<double>(poolscope::monotonic_ns() - t0) / 1e9;
  EXPECT_NEAR(waited, 0.15, 0.08);
  EXPECT_TRUE(p.is_alive());
  EXPECT_FALSE(p.exitcode().has_value());
  p.kill();
  EXPECT_TRUE(p.join(5.0));
  EXPECT_EQ(p.exitcode(), -SIGKILL);
  EXPECT_FALSE(p.is_alive());
}

TEST(Process, TerminateGivesMinusSigterm) {
  Process p([] { std::this_thread::sleep_for(std::chrono::seconds(10)); });
  p.start();
  p.terminate();
  ASSERT_TRUE(p.join(5.0));
  EXPECT_EQ(p.exitcode(), -SIGTERM);
}

TEST(Process, StartingTwiceIsAnError) {
  Process p([] {});
  p.start();
  EXPECT_THROW(p.start(), std::logic_error);
  p.join();
}

TEST(Process, ProcessesRunInParallel) {
  std::vector<Process> procs;
  for (int i = 0; i < 3; ++i) procs.emplace_back([] { std::this_thread::sleep_for(std::chrono::milliseconds(300)); });
  const auto t0 = poolscope::monotonic_ns();
  for (auto& p : procs) p.start();
  for (auto& p : procs) p.join();
  EXPECT_LT(static_cast<double>(poolscope::monotonic_ns() - t0) / 1e9, 0.5);
}

}  // namespace
