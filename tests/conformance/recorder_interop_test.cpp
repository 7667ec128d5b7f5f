// The recorder as a lecturer uses it: around their own Pool code (recording / recorded), on bad flags,
// and its traces drawn by `poolscope render`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "conformance/conformance_support.hpp"
#include "poolscope/trace/trace_reader.hpp"

namespace poolscope::conformance {
namespace {

double seconds(const RunTrace& run, std::int64_t t) { return static_cast<double>(t - run.origin_ns) / 1e9; }

class RecorderInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    python_ = find_python();
    if (!python_) GTEST_SKIP() << "python3 is not installed here, so the Python recorder cannot run";
    dir_ = std::filesystem::path(::testing::TempDir()) / ("poolscope_recorder_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  ProgramResult python_script(const std::string& body) {
    const auto script = dir_ / "user_code.py";
    std::ofstream(script) << "import sys, time\n"
                          << "sys.path.insert(0, " << std::filesystem::path(recorder_script()).parent_path() << ")\n"
                          << "import poolscope_record\n"
                          << "from multiprocessing import Pool\n"
                          << "def slow_double(n):\n"
                          << "    time.sleep(n / 10)\n"
                          << "    if n == 7:\n"
                          << "        raise ValueError('seven is unlucky')\n"
                          << "    return 2 * n\n"
                          << "if __name__ == '__main__':\n"
                          << body;
    return run_program({*python_, script.string()}, 30);
  }

  std::optional<std::string> python_;
  std::filesystem::path dir_;
};

TEST_F(RecorderInterop, RecordingBlockRecordsEveryPoolCallOfUserCode) {
  const auto trace_file = dir_ / "user.json";
  const ProgramResult result =
      python_script("    with poolscope_record.recording(" + std::string("'") + trace_file.string() +
                    "'):\n"
                    "        with Pool(3) as pool:\n"
                    "            print(pool.map(slow_double, [3, 2, 1]))\n"
                    "            print(list(pool.imap_unordered(slow_double, [3, 2, 1])))\n"
                    "            try:\n"
                    "                list(pool.imap(slow_double, [1, 7, 2]))\n"
                    "            except ValueError as e:\n"
                    "                print('caught', e)\n");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // The user's code sees exactly what Python gives it.
  EXPECT_EQ(result.out, "[6, 4, 2]\n[2, 4, 6]\ncaught seven is unlucky\n");

  const Trace trace = read_trace(trace_file);
  ASSERT_EQ(trace.runs.size(), 3U);
  EXPECT_EQ(trace.runs[0].mode, Mode::map);
  EXPECT_EQ(trace.runs[1].mode, Mode::imap_unordered);
  EXPECT_EQ(trace.runs[2].mode, Mode::imap);
  for (const RunTrace& run : trace.runs) {
    EXPECT_EQ(run.label, "Python Pool");
    EXPECT_EQ(run.workers, 3);
    EXPECT_EQ(run.workload, "slow_double");
    for (const TaskRecord& t : run.tasks) {
      EXPECT_GE(t.worker, 1);
      EXPECT_LE(t.worker, 3) << "worker ids are 1..3 for every pool, as rows";
      EXPECT_GT(t.pid, 0);
    }
  }
  // map: all three results at once, when the 0.3 s task is done.
  for (const TaskRecord& t : trace.runs[0].tasks) EXPECT_NEAR(seconds(trace.runs[0], t.emit_ns), 0.3, 0.08);
  // imap_unordered: the 0.1 s task first.
  const RunTrace& unordered = trace.runs[1];
  EXPECT_EQ(unordered.tasks[2].emit_order, 0);
  EXPECT_EQ(unordered.tasks[0].emit_order, 2);
  EXPECT_NEAR(seconds(unordered, unordered.tasks[2].emit_ns), 0.1, 0.08);
  // imap: the task that raised is recorded as an error at its position.
  const RunTrace& imap = trace.runs[2];
  ASSERT_GE(imap.tasks.size(), 2U);
  EXPECT_EQ(imap.tasks[1].status, TaskStatus::error);
  EXPECT_NE(imap.tasks[1].message.find("seven is unlucky"), std::string::npos);
  EXPECT_EQ(imap.tasks[1].emit_order, 1);
}

TEST_F(RecorderInterop, RecordedWrapsOnePool) {
  const auto trace_file = dir_ / "one_pool.json";
  const ProgramResult result = python_script(
      "    with Pool(2) as pool:\n"
      "        with poolscope_record.recorded(pool, '" +
      trace_file.string() +
      "') as rec:\n"
      "            print(rec.map(slow_double, [2, 1]), rec.apply(slow_double, (1,)))\n");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "[4, 2] 2\n");
  const Trace trace = read_trace(trace_file);
  ASSERT_EQ(trace.runs.size(), 1U) << "only map / imap / imap_unordered are recorded";
  EXPECT_EQ(trace.runs[0].tasks.size(), 2U);
  EXPECT_EQ(trace.runs[0].workers, 2);
}

TEST_F(RecorderInterop, BadFlagsExitWithTwoAndOneLineAndWriteNothing) {
  const auto trace_file = dir_ / "never.json";
  const std::vector<std::vector<std::string>> bad = {
      {"--durations", "1,x"},
      {"--workers", "0", "--durations", "1"},
      {"--preset", "no-such-preset"},
      {"--mode", "sideways", "--durations", "1"},
      {"--durations", "-1"},
      {"--bogus"},
      {"--engine", "threads", "--durations", "1"},
      {"--scheduler", "tcp://127.0.0.1:1", "--durations", "1"},
      {"--engine", "dask", "--scheduler", "somewhere", "--durations", "1"},
      {},
  };
  for (const auto& flags : bad) {
    std::vector<std::string> argv = {*python_, recorder_script(), "--trace", trace_file.string()};
    argv.insert(argv.end(), flags.begin(), flags.end());
    const ProgramResult result = run_program(argv, 20);
    std::string shown;
    for (const auto& f : flags) shown += f + " ";
    EXPECT_EQ(result.exit_code, 2) << shown;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << shown << ": " << result.err;
    EXPECT_EQ(result.out, "") << shown;
    EXPECT_FALSE(std::filesystem::exists(trace_file)) << shown;
  }
}

TEST_F(RecorderInterop, PrintsTheLinesOfPoolscopeRun) {
  const ProgramResult result =
      run_program({*python_, recorder_script(), "--mode", "imap", "--inputs", "5,10", "--durations", "0.2,0.1"}, 20);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.out);
  std::string first, second, summary;
  std::getline(lines, first);
  std::getline(lines, second);
  std::getline(lines, summary);
  EXPECT_EQ(first.rfind("5 doubled to 10 by Worker-", 0), 0U) << first;
  EXPECT_NE(first.find(" (pid "), std::string::npos) << first;
  EXPECT_NE(first.find(") at +0.2"), std::string::npos) << first;
  EXPECT_EQ(second.rfind("10 doubled to 20 by Worker-", 0), 0U) << second;
  EXPECT_EQ(summary.rfind("imap: 2 results from 3 workers in 0.2", 0), 0U) << summary;
}

TEST_F(RecorderInterop, RenderDrawsAPythonTrace) {
  const auto trace_file = dir_ / "py.json";
  const auto png = dir_ / "py.png";
  const ProgramResult record = run_program({*python_, recorder_script(), "--preset", "in15-imap-unordered",
                                            "--durations", "0.2,0.1,0", "--trace", trace_file.string(), "--quiet"},
                                           20);
  ASSERT_EQ(record.exit_code, 0) << record.err;
  const ProgramResult render =
      run_program({POOLSCOPE_BINARY, "render", trace_file.string(), "--png", png.string(), "--size", "800x450"}, 60);
  ASSERT_EQ(render.exit_code, 0) << render.err;
  ASSERT_TRUE(std::filesystem::exists(png));
  std::ifstream in(png, std::ios::binary);
  char magic[8] = {};
  in.read(magic, 8);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");

  // Python beside PoolScope: two files, one compare image.
  const auto ours = dir_ / "ours.json";
  const auto both = dir_ / "both.png";
  const ProgramResult run = run_program({POOLSCOPE_BINARY, "run", "--preset", "in15-imap-unordered", "--durations",
                                         "0.2,0.1,0", "--trace", ours.string(), "--quiet"},
                                        20);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const ProgramResult compare =
      run_program({POOLSCOPE_BINARY, "render", trace_file.string(), ours.string(), "--png", both.string()}, 60);
  EXPECT_EQ(compare.exit_code, 0) << compare.err;
  EXPECT_TRUE(std::filesystem::exists(both));

  // A broken trace: exit 2, one line naming the file, and no image, even beside a good one.
  const auto broken = dir_ / "broken.json";
  const auto not_written = dir_ / "broken.png";
  std::ofstream(broken)
      << R"({"traceEvents": [{"ph": "X", "cat": "task", "ts": 5, "dur": -3, "args": {"mode": "map", "index": 0}}]})";
  const ProgramResult bad = run_program(
      {POOLSCOPE_BINARY, "render", trace_file.string(), broken.string(), "--png", not_written.string()}, 60);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("broken.json"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("negative"), std::string::npos) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(not_written));
}

}  // namespace
}  // namespace poolscope::conformance
