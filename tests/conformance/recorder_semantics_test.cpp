// The recorder must not bend Python: a program hands its caller exactly the same results and exceptions,
// in the same order, with recording on as with it off (every mode, chunksize 1 and 2, failing early, in the
// middle, last, or not at all); lazy inputs stay lazy; `spin` burns CPU time as PoolScope's workload does.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "conformance/conformance_support.hpp"
#include "poolscope/trace/trace_reader.hpp"

namespace poolscope::conformance {
namespace {

// Durations chosen so that, with 2 workers, every finish (and every chunk abandoned at a failure) is at
// least 100 ms from the next: one right order in every case.
const char* const kCasesScript = R"py(
import sys, time
sys.path.insert(0, sys.argv[3])
import poolscope_record
from multiprocessing import Pool

DURATIONS = [0.1, 0.2, 0.2, 0.2, 0.2, 0.4]

def task(item):
    index, fail = item
    time.sleep(DURATIONS[index])
    if index == fail:
        raise ValueError("task %d failed" % index)
    return 2 * index

def inputs(fail):
    for index in range(len(DURATIONS)):  # a generator: the pool reads it as it likes
        yield (index, fail)

def consume(mode, chunksize, fail):
    received = []
    with Pool(2) as pool:
        if mode == "map":
            try:
                received.append(pool.map(task, inputs(fail), chunksize))
            except Exception as exc:
                received.append(repr(exc))
            return received
        iterator = getattr(pool, mode)(task, inputs(fail), chunksize)
        while True:
            try:
                received.append(next(iterator))
            except StopIteration:
                return received
            except Exception as exc:
                received.append(repr(exc))

def cases():
    for mode in ("map", "imap", "imap_unordered"):
        for chunksize in (1, 2):
            for fail in (-1, 0, 2, 5):
                print("%s chunksize %d fail %d: %s" % (mode, chunksize, fail, consume(mode, chunksize, fail)),
                      flush=True)

if __name__ == "__main__":
    if sys.argv[1] == "plain":
        cases()
    else:
        with poolscope_record.recording(sys.argv[2]):
            cases()
)py";

class RecorderSemantics : public ::testing::Test {
 protected:
  void SetUp() override {
    python_ = find_python();
    if (!python_) GTEST_SKIP() << "python3 is not installed here, so the Python recorder cannot run";
    dir_ = std::filesystem::path(::testing::TempDir()) / ("poolscope_semantics_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  std::filesystem::path script(const std::string& name, const std::string& text) {
    const auto file = dir_ / name;
    std::ofstream(file) << text;
    return file;
  }

  std::string recorder_dir() const { return std::filesystem::path(recorder_script()).parent_path().string(); }

  std::optional<std::string> python_;
  std::filesystem::path dir_;
};

const TaskRecord* find_task(const RunTrace& run, std::uint64_t index) {
  for (const TaskRecord& t : run.tasks) {
    if (t.index == index) return &t;
  }
  return nullptr;
}

TEST_F(RecorderSemantics, TheCallerReceivesWhatPlainPythonHandsIt) {
  const auto cases = script("cases.py", kCasesScript);
  const auto trace_file = dir_ / "cases.json";
  // The two programs run side by side: each needs only 2 of the machine's cores... and half the time.
  ProgramResult plain;
  std::thread plain_run([&] { plain = run_program({*python_, cases.string(), "plain", "", recorder_dir()}, 90); });
  const ProgramResult recorded =
      run_program({*python_, cases.string(), "recorded", trace_file.string(), recorder_dir()}, 90);
  plain_run.join();
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  EXPECT_EQ(std::count(plain.out.begin(), plain.out.end(), '\n'), 24);
  // Line by line, so a difference names its case.
  std::istringstream plain_lines(plain.out);
  std::istringstream recorded_lines(recorded.out);
  std::string p, r;
  while (std::getline(plain_lines, p)) {
    std::getline(recorded_lines, r);
    EXPECT_EQ(r, p);
  }
  // Two of CPython's rules, as the trace records them.
  EXPECT_NE(plain.out.find("map chunksize 1 fail 2: [\"ValueError('task 2 failed')\"]"), std::string::npos)
      << "map hands over the exception and no result at all";
  EXPECT_NE(plain.out.find("imap chunksize 2 fail 2: [0, 2, \"ValueError('task 2 failed')\"]"), std::string::npos)
      << "imap with chunks ends at the exception";

  const Trace trace = read_trace(trace_file);
  ASSERT_EQ(trace.runs.size(), 24U);
  // Runs in the order of the cases: map cs1 fail -1, 0, 2, 5; map cs2 ...; imap cs1 ...; imap cs2 ...
  const RunTrace& map_fail2 = trace.runs[2];
  EXPECT_EQ(map_fail2.mode, Mode::map);
  int emitted = 0;
  for (const TaskRecord& t : map_fail2.tasks) {
    if (t.emit_order < 0) continue;
    ++emitted;
    EXPECT_EQ(t.index, 2U) << "the only hand-over of a map that raised is its exception";
    EXPECT_EQ(t.status, TaskStatus::error);
    EXPECT_NE(t.message.find("task 2 failed"), std::string::npos);
  }
  EXPECT_EQ(emitted, 1);
  const RunTrace& imap_chunked_fail2 = trace.runs[14];
  EXPECT_EQ(imap_chunked_fail2.mode, Mode::imap);
  EXPECT_EQ(imap_chunked_fail2.chunksize, 2);
  ASSERT_NE(find_task(imap_chunked_fail2, 2), nullptr);
  EXPECT_EQ(find_task(imap_chunked_fail2, 2)->emit_order, 2);
  EXPECT_EQ(find_task(imap_chunked_fail2, 3), nullptr) << "task 3 shared the failed chunk and never ran";
  // map waits for every chunk, then raises: the results of the chunks that succeeded are computed but
  // never handed over.
  const RunTrace& map_chunked_fail2 = trace.runs[6];
  EXPECT_EQ(map_chunked_fail2.mode, Mode::map);
  EXPECT_EQ(find_task(map_chunked_fail2, 3), nullptr);
  for (std::uint64_t index : {0U, 1U, 4U, 5U}) {
    const TaskRecord* t = find_task(map_chunked_fail2, index);
    ASSERT_NE(t, nullptr) << index;
    EXPECT_EQ(t->status, TaskStatus::ok) << "task " << index << " was computed...";
    EXPECT_EQ(t->emit_order, -1) << "...but never handed over";
  }
}

TEST_F(RecorderSemantics, LazyAndEndlessInputsStayLazy) {
  const auto lazy = script("lazy.py", R"py(
import itertools, sys, time
sys.path.insert(0, sys.argv[1])
import poolscope_record
from multiprocessing import Pool

def double(n):
    time.sleep(0.1)
    return 2 * n

def slow_source():
    yield 1
    time.sleep(1.5)  # an input that takes its time, like lines read from a network
    yield 2

if __name__ == "__main__":
    with poolscope_record.recording(sys.argv[2]):
        with Pool(2) as pool:
            start = time.monotonic()
            for result in pool.imap(double, slow_source()):
                print(result, "early" if time.monotonic() - start < 1.0 else "late", flush=True)
            print(list(itertools.islice(pool.imap(double, itertools.count()), 3)), flush=True)
)py");
  const auto trace_file = dir_ / "lazy.json";
  const ProgramResult result = run_program({*python_, lazy.string(), recorder_dir(), trace_file.string()}, 30);
  ASSERT_FALSE(result.timed_out) << "an endless input must not be read to its end";
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "2 early\n4 late\n[0, 2, 4]\n")
      << "the first result must not wait for the whole input to be read";
}

TEST_F(RecorderSemantics, SpinBurnsCpuTimeSoTasksStretchWhenWorkersOutnumberCores) {
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const int workers = static_cast<int>(2 * cores);
  if (workers > 16) GTEST_SKIP() << "too many cores here to outnumber them cheaply";
  const auto trace_file = dir_ / "spin.json";
  const ProgramResult result = run_program({*python_, recorder_script(), "--workload", "spin", "--mode", "map",
                                            "--workers", std::to_string(workers), "--durations", "0.3", "--inputs",
                                            [&] {
                                              std::string inputs;
                                              for (int i = 1; i <= workers; ++i)
                                                inputs += (i > 1 ? "," : "") + std::to_string(i);
                                              return inputs;
                                            }(),
                                            "--trace", trace_file.string(), "--quiet"},
                                           60);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const Trace trace = read_trace(trace_file);
  ASSERT_EQ(trace.runs.size(), 1U);
  // Twice as many spinning workers as cores: each gets at most half a core, so 0.3 s of CPU takes >= 0.6 s
  // (a wall-clock spin would take 0.3 s). Other load on the machine only makes it longer.
  double longest = 0;
  for (const TaskRecord& t : trace.runs[0].tasks) {
    longest = std::max(longest, static_cast<double>(t.finish_ns - t.start_ns) / 1e9);
  }
  EXPECT_GE(longest, 0.5);
}

}  // namespace
}  // namespace poolscope::conformance
