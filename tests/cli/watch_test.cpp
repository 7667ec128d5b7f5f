// `poolscope watch -- python3 SCRIPT.py`, headless: the program's output and exit status pass through, each
// pool call becomes a run, and a program that crashes or is stopped leaves no process behind.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_process.hpp"
#include "poolscope/trace/trace_reader.hpp"

using namespace poolscope::test;

namespace {

const char* const kTwoCalls = R"py(import sys, time
from multiprocessing import Pool

def double(n):
    time.sleep(n / 10)
    return 2 * n

if __name__ == "__main__":
    with Pool(2) as pool:
        print(pool.map(double, [2, 1]), flush=True)
        print(list(pool.imap_unordered(double, [3, 1])), flush=True)
    print("a line on stderr", file=sys.stderr)
    sys.exit(int(sys.argv[1]))
)py";

// Starts a pool whose workers sleep, prints their pids and its own, then crashes or waits to be stopped.
const char* const kLeavesWorkers = R"py(import os, signal, sys, time
from multiprocessing import Pool

def worker_pid(_):
    time.sleep(0.3)
    return os.getpid()

def sleep_long(_):
    time.sleep(60)

if __name__ == "__main__":
    pool = Pool(2)
    pids = sorted(set(pool.map(worker_pid, [1, 2], 1)))
    pool.map_async(sleep_long, [1, 2])
    print(os.getpid(), *pids, flush=True)
    if sys.argv[1] == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(60)
)py";

std::string python3() {
  std::istringstream dirs(std::getenv("PATH") != nullptr ? std::getenv("PATH") : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const auto candidate = std::filesystem::path(dir) / "python3";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return {};
}

std::vector<pid_t> pids_in(const std::string& line) {
  std::vector<pid_t> pids;
  std::istringstream in(line);
  long pid = 0;
  while (in >> pid) pids.push_back(static_cast<pid_t>(pid));
  return pids;
}

void expect_all_gone(CliProcess& cli, const std::vector<pid_t>& pids) {
  for (const pid_t pid : pids) {
    const double gone_by = cli.elapsed() + 2;
    while (process_exists(pid) && cli.elapsed() < gone_by) ::usleep(10'000);
    EXPECT_FALSE(process_exists(pid)) << "process " << pid << " of the program was left behind";
  }
}

TEST(Watch, EachPoolCallIsARunAndTheProgramsOutputAndStatusPassThrough) {
  const std::string python = python3();
  if (python.empty()) GTEST_SKIP() << "python3 is not installed here";
  TempDir dir("watch_two");
  std::ofstream(dir.file("two.py")) << kTwoCalls;
  const CliResult r = run_cli({"watch", "--trace", dir.file("t.json"), "--png", dir.file("t.png"), "--size", "800x450",
                               "--", python, dir.file("two.py"), "5"},
                              90);
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 5) << "the program's exit status is poolscope's: " << r.err;
  EXPECT_EQ(r.out(), "[4, 2]\n[2, 6]\n");
  EXPECT_NE(r.err.find("a line on stderr"), std::string::npos) << r.err;
  const poolscope::Trace trace = poolscope::read_trace(dir.file("t.json"));
  ASSERT_EQ(trace.runs.size(), 2U);
  EXPECT_EQ(trace.runs[0].mode, poolscope::Mode::map);
  EXPECT_EQ(trace.runs[1].mode, poolscope::Mode::imap_unordered);
  EXPECT_EQ(trace.runs[0].label, "Python Pool");
  EXPECT_EQ(trace.runs[1].workers, 2);
  ASSERT_EQ(trace.runs[1].tasks.size(), 2U);
  EXPECT_EQ(trace.runs[1].tasks[1].emit_order, 0) << "the 0.1 s task of imap_unordered comes back first";
  EXPECT_EQ(trace.runs[1].tasks[0].result, "6");
  std::ifstream png(dir.file("t.png"), std::ios::binary);
  char magic[4] = {};
  png.read(magic, 4);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
}

TEST(Watch, TheNotebookExampleShowsItsFourPoolCalls) {
  const std::string python = python3();
  if (python.empty()) GTEST_SKIP() << "python3 is not installed here";
  TempDir dir("watch_notebook");
  const std::string notebook = std::string(POOLSCOPE_SOURCE_DIR) + "/resources/examples/notebook.py";
  const CliResult r = run_cli({"watch", "--trace", dir.file("t.json"), "--", python, notebook, "--scale", "0.1"}, 90);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const poolscope::Trace trace = poolscope::read_trace(dir.file("t.json"));
  ASSERT_EQ(trace.runs.size(), 4U) << "In[11], In[12], In[14], In[15]";
  EXPECT_EQ(trace.runs[0].mode, poolscope::Mode::map);
  EXPECT_EQ(trace.runs[1].mode, poolscope::Mode::map);
  EXPECT_EQ(trace.runs[2].mode, poolscope::Mode::imap);
  EXPECT_EQ(trace.runs[3].mode, poolscope::Mode::imap_unordered);
  const poolscope::RunTrace& in15 = trace.runs[3];
  ASSERT_EQ(in15.tasks.size(), 3U);
  EXPECT_EQ(in15.tasks[2].emit_order, 0) << "6 comes back first";
  EXPECT_EQ(in15.tasks[0].emit_order, 2) << "2 comes back last";
  EXPECT_NE(r.out().find("Wall time:"), std::string::npos);
}

TEST(Watch, AProgramThatCrashesLeavesNoProcessBehind) {
  const std::string python = python3();
  if (python.empty()) GTEST_SKIP() << "python3 is not installed here";
  TempDir dir("watch_crash");
  std::ofstream(dir.file("crash.py")) << kLeavesWorkers;
  CliProcess cli({"watch", "--trace", dir.file("t.json"), "--", python, dir.file("crash.py"), "crash"});
  ASSERT_TRUE(cli.read_until([](const CliResult& r) { return !r.lines.empty(); }, 30)) << cli.result().err;
  const std::vector<pid_t> pids = pids_in(cli.result().lines.front().text);
  ASSERT_EQ(pids.size(), 3U) << cli.result().lines.front().text;
  const CliResult r = cli.finish(cli.elapsed() + 10);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 128 + SIGKILL) << r.err;
  expect_all_gone(cli, pids);
  // What was recorded before the crash is still written.
  EXPECT_EQ(poolscope::read_trace(dir.file("t.json")).runs.size(), 1U);
}

TEST(Watch, StoppingPoolscopeKillsTheProgramAndEverythingItStarted) {
  const std::string python = python3();
  if (python.empty()) GTEST_SKIP() << "python3 is not installed here";
  TempDir dir("watch_stop");
  std::ofstream(dir.file("stop.py")) << kLeavesWorkers;
  CliProcess cli({"watch", "--png", dir.file("t.png"), "--", python, dir.file("stop.py"), "wait"});
  ASSERT_TRUE(cli.read_until([](const CliResult& r) { return !r.lines.empty(); }, 30)) << cli.result().err;
  const std::vector<pid_t> pids = pids_in(cli.result().lines.front().text);
  ASSERT_EQ(pids.size(), 3U);
  const double sent_at = cli.elapsed();
  ASSERT_EQ(::kill(cli.pid(), SIGTERM), 0);
  const CliResult r = cli.finish(sent_at + 10);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 143) << r.err;
  EXPECT_LT(r.wall - sent_at, 3.0);
  expect_all_gone(cli, pids);
  EXPECT_FALSE(std::filesystem::exists(dir.file("t.png"))) << "a stopped watch writes nothing";
}

TEST(Watch, BadUsageIsExitTwoWithOneLine) {
  TempDir dir("watch_bad");
  const std::vector<std::vector<std::string>> bad = {
      {"watch"},
      {"watch", "python3", "x.py"},
      {"watch", "--"},
      {"watch", "--bogus", "--", "python3"},
      {"watch", "--png", dir.file("x.png"), "--", "/no/such/program"},
  };
  for (const auto& args : bad) {
    const CliResult r = run_cli(args, 30);
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    EXPECT_EQ(r.exit_code, 2) << shown << r.err;
    EXPECT_EQ(r.err_lines().size(), 1U) << shown << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("x.png")));
  }
}

}  // namespace

// The notebook's 500 GB lesson on the next engine: ProcessPoolExecutor.map submits every task the moment it
// is called and holds the whole input, while Pool.imap reads the stream only as fast as the workers take it.
TEST(Watch, TheEagerVsLazyExampleShowsExecutorMapTakingTheWholeStreamAtOnce) {
  const std::string python = python3();
  if (python.empty()) GTEST_SKIP() << "python3 is not installed here";
  TempDir dir("watch_eager");
  const std::string example = std::string(POOLSCOPE_SOURCE_DIR) + "/resources/examples/eager_vs_lazy.py";
  // 400 texts of 60 KB: a chunk of 8 fills the pipe to Pool's workers, so Pool's feeder has to wait for them.
  const CliResult r =
      run_cli({"watch", "--trace", dir.file("t.json"), "--", python, example, "--texts", "400", "--size", "2000"}, 120);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const poolscope::Trace trace = poolscope::read_trace(dir.file("t.json"));
  ASSERT_EQ(trace.runs.size(), 2U);
  const poolscope::RunTrace& lazy = trace.runs[0];
  const poolscope::RunTrace& eager = trace.runs[1];
  EXPECT_EQ(lazy.label, "Python Pool");
  EXPECT_EQ(lazy.mode, poolscope::Mode::imap);
  EXPECT_EQ(eager.label, "ProcessPoolExecutor");
  EXPECT_EQ(eager.mode, poolscope::Mode::map);
  // The share of the input taken from the stream before the caller received its first result: executor.map
  // returns only after submitting everything; Pool.imap's feeder is held back by the pipe to the workers.
  const auto taken_before_first_result = [](const poolscope::RunTrace& run) {
    std::int64_t first_result = INT64_MAX;
    for (const auto& t : run.tasks) {
      if (t.emit_order >= 0) first_result = std::min(first_result, t.emit_ns);
    }
    std::size_t taken = 0;
    for (const auto& t : run.tasks) taken += t.submit_ns <= first_result ? 1 : 0;
    return static_cast<double>(taken) / static_cast<double>(run.tasks.size());
  };
  ASSERT_EQ(eager.tasks.size(), 400U);
  ASSERT_EQ(lazy.tasks.size(), 400U);
  EXPECT_EQ(taken_before_first_result(eager), 1.0) << "executor.map submits the whole input at once";
  EXPECT_LE(taken_before_first_result(lazy), 0.5) << "Pool.imap reads the input as the workers take it";
  // And the program's own measure of it: the caller's peak memory after each call.
  const auto peak_after = [&](const std::string& name) {
    const auto at = r.out().find(name);
    if (at == std::string::npos) return -1.0;
    const auto memory = r.out().find("peak memory ", at);
    return memory == std::string::npos ? -1.0 : std::stod(r.out().substr(memory + 12));
  };
  const double lazy_mib = peak_after("Pool.imap:");
  const double eager_mib = peak_after("ProcessPoolExecutor.map:");
  ASSERT_GT(lazy_mib, 0) << r.out();
  EXPECT_GE(eager_mib, lazy_mib + 10) << "the 23 MiB input is held by executor.map, not by imap: " << r.out();
}
