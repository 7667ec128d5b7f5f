// The notebook's In[15] tasks through each engine the recorder knows: multiprocessing.Pool,
// ProcessPoolExecutor and Dask distributed (a LocalCluster of 2 worker processes), each giving the order
// that engine really produces; and the recorder around a user's own executor and Dask Client code.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "conformance/conformance_support.hpp"
#include "poolscope/trace/trace_reader.hpp"

namespace poolscope::conformance {
namespace {

constexpr double kTolerance = 0.080;  // seconds

// Dask comes from Debian's python3-distributed, installed for the system's python3, which may not be the
// first python3 on PATH.
std::optional<std::string> find_dask_python() {
  std::vector<std::string> candidates;
  if (auto python = find_python()) candidates.push_back(*python);
  candidates.emplace_back("/usr/bin/python3");
  for (const auto& python : candidates) {
    if (::access(python.c_str(), X_OK) != 0) continue;
    if (run_program({python, "-c", "import distributed"}, 60).exit_code == 0) return python;
  }
  return std::nullopt;
}

double seconds(std::int64_t from, std::int64_t to) { return static_cast<double>(to - from) / 1e9; }

// Task indices in the order the caller received them.
std::vector<std::uint64_t> emission_order(const RunTrace& run) {
  std::vector<const TaskRecord*> emitted;
  for (const TaskRecord& t : run.tasks) {
    if (t.emit_order >= 0) emitted.push_back(&t);
  }
  std::sort(emitted.begin(), emitted.end(), [](auto* a, auto* b) { return a->emit_order < b->emit_order; });
  std::vector<std::uint64_t> order;
  for (const TaskRecord* t : emitted) order.push_back(t->index);
  return order;
}

std::int64_t first_start(const RunTrace& run) {
  std::int64_t first = 0;
  for (const TaskRecord& t : run.tasks) {
    if (t.start_ns > 0 && (first == 0 || t.start_ns < first)) first = t.start_ns;
  }
  return first;
}

class RecorderEngines : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) / ("poolscope_engines_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // In[15] (inputs 1, 2, 3; task n takes 3 - n units), a unit being 0.2 s, in all three modes.
  Trace record_in15(const std::string& python, const std::string& engine, int workers) {
    const auto trace_file = dir_ / (engine + ".json");
    const ProgramResult result = run_program(
        {python, recorder_script(), "--engine", engine, "--preset", "in15-imap-unordered", "--durations", "0.4,0.2,0",
         "--workers", std::to_string(workers), "--mode", "all", "--trace", trace_file.string(), "--quiet"},
        90);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("imap_unordered: 3 results from " + std::to_string(workers) + " workers"),
              std::string::npos)
        << result.out;
    return read_trace(trace_file);
  }

  std::filesystem::path dir_;
};

// Pool and executor, 3 workers: every task starts at once, so imap_unordered hands back 2, 1, 0 at 0, 0.2,
// 0.4 s; the ordered styles hand back 0, 1, 2, all when task 0 is done.
void check_idle_pulling_engine(const Trace& trace, const std::string& label) {
  ASSERT_EQ(trace.runs.size(), 3U);
  for (const RunTrace& run : trace.runs) {
    SCOPED_TRACE(std::string(to_string(run.mode)));
    EXPECT_EQ(run.label, label);
    ASSERT_EQ(run.tasks.size(), 3U);
    const std::int64_t t0 = first_start(run);
    if (run.mode == Mode::imap_unordered) {
      EXPECT_EQ(emission_order(run), (std::vector<std::uint64_t>{2, 1, 0}));
      EXPECT_NEAR(seconds(t0, run.tasks[2].emit_ns), 0.0, kTolerance);
      EXPECT_NEAR(seconds(t0, run.tasks[1].emit_ns), 0.2, kTolerance);
      EXPECT_NEAR(seconds(t0, run.tasks[0].emit_ns), 0.4, kTolerance);
    } else {
      EXPECT_EQ(emission_order(run), (std::vector<std::uint64_t>{0, 1, 2}));
      for (const TaskRecord& t : run.tasks) EXPECT_NEAR(seconds(t0, t.emit_ns), 0.4, kTolerance);
    }
  }
}

TEST_F(RecorderEngines, PoolOnIn15) {
  const auto python = find_python();
  if (!python) GTEST_SKIP() << "python3 is not installed here";
  check_idle_pulling_engine(record_in15(*python, "pool", 3), "Python Pool");
}

TEST_F(RecorderEngines, ProcessPoolExecutorOnIn15) {
  const auto python = find_python();
  if (!python) GTEST_SKIP() << "python3 is not installed here";
  const Trace trace = record_in15(*python, "executor", 3);
  check_idle_pulling_engine(trace, "ProcessPoolExecutor");
  // executor.map submits every task the moment it is called.
  const RunTrace& map = trace.runs[0];
  for (const TaskRecord& t : map.tasks) EXPECT_LT(seconds(map.origin_ns, t.submit_ns), 0.05);
}

TEST_F(RecorderEngines, DaskLocalClusterOnIn15) {
  const auto python = find_dask_python();
  if (!python) GTEST_SKIP() << "Dask distributed is not installed (Debian: python3-distributed)";
  const Trace trace = record_in15(*python, "dask", 2);
  ASSERT_EQ(trace.runs.size(), 3U);
  for (const RunTrace& run : trace.runs) {
    SCOPED_TRACE(std::string(to_string(run.mode)));
    EXPECT_EQ(run.label, "Dask");
    EXPECT_EQ(run.workers, 2);
    ASSERT_EQ(run.tasks.size(), 3U);
    std::vector<int> pids;
    for (const TaskRecord& t : run.tasks) {
      EXPECT_EQ(t.status, TaskStatus::ok);
      EXPECT_GE(t.worker, 1);
      EXPECT_LE(t.worker, 2) << "rows are the cluster's two workers";
      EXPECT_GE(t.emit_ns, t.finish_ns) << "a result reaches the caller after its worker finished it";
      pids.push_back(t.pid);
    }
    std::sort(pids.begin(), pids.end());
    EXPECT_LE(std::unique(pids.begin(), pids.end()) - pids.begin(), 2);
    const auto order = emission_order(run);
    if (run.mode == Mode::imap_unordered) {
      // as_completed hands each result over as it reaches the client: in order of the workers' finish
      // times, but two results that finish within a network hop of each other (on a loaded machine, well
      // under 80 ms) may arrive the other way round. Dask places task 2 behind either worker, so 1 always
      // comes before 0, and 2 follows its worker.
      ASSERT_EQ(order.size(), 3U);
      constexpr std::int64_t kArrivalJitterNs = 80'000'000;
      for (std::size_t k = 1; k < order.size(); ++k) {
        EXPECT_LE(run.tasks[order[k - 1]].finish_ns, run.tasks[order[k]].finish_ns + kArrivalJitterNs);
      }
      EXPECT_NE(order.front(), 0U) << "the 0.4 s task cannot be the first one handed over";
    } else {
      EXPECT_EQ(order, (std::vector<std::uint64_t>{0, 1, 2}));
    }
    if (run.mode == Mode::map) {
      EXPECT_EQ(run.tasks[0].emit_ns, run.tasks[2].emit_ns) << "gather hands everything over at once";
    }
  }
}

TEST_F(RecorderEngines, DaskSchedulerAlreadyRunningOnLoopback) {
  const auto python = find_dask_python();
  if (!python) GTEST_SKIP() << "Dask distributed is not installed (Debian: python3-distributed)";
  // A cluster of 2 worker processes on 127.0.0.1, up until the test says it is done (or a minute passes).
  const auto cluster = dir_ / "cluster.py";
  const auto address_file = dir_ / "address";
  const auto done_file = dir_ / "done";
  std::ofstream(cluster) << R"py(import os, sys, time
from distributed import LocalCluster
if __name__ == "__main__":
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as c:
        with open(sys.argv[1] + ".tmp", "w") as out:
            out.write(c.scheduler_address)
        os.rename(sys.argv[1] + ".tmp", sys.argv[1])
        deadline = time.monotonic() + 60
        while not os.path.exists(sys.argv[2]) and time.monotonic() < deadline:
            time.sleep(0.05)
)py";
  ProgramResult cluster_result;
  std::thread cluster_run([&] {
    cluster_result = run_program({*python, cluster.string(), address_file.string(), done_file.string()}, 90);
  });
  for (int i = 0; i < 600 && !std::filesystem::exists(address_file); ++i) ::usleep(100'000);
  std::string address;
  std::ifstream(address_file) >> address;
  ProgramResult result;
  const auto trace_file = dir_ / "scheduler.json";
  if (!address.empty()) {
    result = run_program({*python, recorder_script(), "--engine", "dask", "--scheduler", address, "--preset",
                          "in15-imap-unordered", "--durations", "0.4,0.2,0", "--trace", trace_file.string()},
                         60);
  }
  std::ofstream(done_file) << "done";
  cluster_run.join();
  ASSERT_EQ(address.rfind("tcp://127.0.0.1:", 0), 0U) << "the cluster did not start: " << cluster_result.err;
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("imap_unordered: 3 results from 2 workers"), std::string::npos) << result.out;
  const Trace trace = read_trace(trace_file);
  ASSERT_EQ(trace.runs.size(), 1U);
  EXPECT_EQ(trace.runs[0].label, "Dask");
  EXPECT_EQ(trace.runs[0].workers, 2);
  EXPECT_NE(emission_order(trace.runs[0]).front(), 0U);
}

TEST_F(RecorderEngines, RecordingWrapsAUsersExecutorAndDaskClient) {
  const auto python = find_dask_python();
  if (!python) GTEST_SKIP() << "Dask distributed is not installed (Debian: python3-distributed)";
  const auto script = dir_ / "user.py";
  const auto trace_file = dir_ / "user.json";
  std::ofstream(script) << "import sys, time\n"
                        << "sys.path.insert(0, " << std::filesystem::path(recorder_script()).parent_path() << ")\n"
                        << R"py(import poolscope_record
from concurrent.futures import ProcessPoolExecutor, as_completed

def slow_double(n):
    time.sleep(n / 10)
    if n == 7:
        raise ValueError("seven is unlucky")
    return 2 * n

if __name__ == "__main__":
    with poolscope_record.recording(sys.argv[1]):
        with ProcessPoolExecutor(3) as executor:
            print(list(executor.map(slow_double, [3, 2, 1])))
            futures = [executor.submit(slow_double, n) for n in [3, 2, 1]]
            print([f.result() for f in as_completed(futures)])
            try:
                list(executor.map(slow_double, [1, 7, 2]))
            except ValueError as e:
                print("caught", e)
        from distributed import Client, LocalCluster
        with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            print(client.gather(client.map(slow_double, [3, 2, 1])))
)py";
  const ProgramResult result = run_program({*python, script.string(), trace_file.string()}, 90);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "[6, 4, 2]\n[2, 4, 6]\ncaught seven is unlucky\n[6, 4, 2]\n");
  const Trace trace = read_trace(trace_file);
  ASSERT_EQ(trace.runs.size(), 4U);
  EXPECT_EQ(trace.runs[0].mode, Mode::map);
  EXPECT_EQ(trace.runs[0].label, "ProcessPoolExecutor");
  EXPECT_EQ(trace.runs[1].mode, Mode::imap_unordered) << "submit + as_completed";
  EXPECT_EQ(emission_order(trace.runs[1]), (std::vector<std::uint64_t>{2, 1, 0}));
  const RunTrace& raised = trace.runs[2];
  ASSERT_GE(raised.tasks.size(), 2U);
  EXPECT_EQ(raised.tasks[1].status, TaskStatus::error);
  EXPECT_EQ(raised.tasks[1].emit_order, 1) << "executor.map raises at the failing position";
  EXPECT_EQ(trace.runs[3].label, "Dask");
  EXPECT_EQ(trace.runs[3].mode, Mode::map) << "client.map + gather";
  EXPECT_EQ(trace.runs[3].workers, 2);
}

}  // namespace
}  // namespace poolscope::conformance
