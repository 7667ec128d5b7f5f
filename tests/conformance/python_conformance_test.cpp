// PoolScope must draw the schedule students get from Python. For the notebook's examples and for
// seeded random scenarios with one right order, run Python's own multiprocessing.Pool (through
// poolscope_record.py) and `poolscope run`, import both traces, and compare what a viewer would see:
// the order results reach the caller, the order tasks start, and the times (within 80 ms).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "conformance/conformance_support.hpp"
#include "poolscope/errors.hpp"
#include "poolscope/trace_reader.hpp"

namespace poolscope::conformance {
namespace {

constexpr double kTolerance = 0.080;  // seconds
constexpr double kGap = 0.050;        // start times this far apart must keep their order

struct Case {
  std::string name;
  std::string mode;  // map, imap, imap_unordered or all
  int workers = 3;
  std::vector<long long> inputs;
  std::vector<double> durations;
  int chunksize = 0;  // 0: Python's default
};

std::string join(const std::vector<long long>& values) {
  std::string text;
  for (auto v : values) text += (text.empty() ? "" : ",") + std::to_string(v);
  return text;
}

std::string join(const std::vector<double>& values) {
  std::string text;
  char buffer[32];
  for (double v : values) {
    std::snprintf(buffer, sizeof buffer, "%.3f", v);
    text += (text.empty() ? "" : ",") + std::string(buffer);
  }
  return text;
}

std::vector<std::string> flags(const Case& c, const std::filesystem::path& trace) {
  std::vector<std::string> f = {"--mode", c.mode, "--workers", std::to_string(c.workers), "--inputs", join(c.inputs),
                                "--durations", join(c.durations), "--trace", trace.string(), "--quiet"};
  if (c.chunksize > 0) {
    f.push_back("--chunksize");
    f.push_back(std::to_string(c.chunksize));
  }
  return f;
}

// Python's rule: map's default is ceil(n / (4 x workers)), imap's and imap_unordered's is 1.
std::size_t chunksize_of(const Case& c, Mode mode) {
  if (c.chunksize > 0) return static_cast<std::size_t>(c.chunksize);
  if (mode != Mode::map) return 1;
  const std::size_t per = 4 * static_cast<std::size_t>(c.workers);
  return (c.durations.size() + per - 1) / per;
}

double seconds(const RunTrace& run, std::int64_t t) { return static_cast<double>(t - run.origin_ns) / 1e9; }

std::vector<std::size_t> emission_order(const RunTrace& run) {
  std::vector<std::size_t> order(run.tasks.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return run.tasks[a].emit_order < run.tasks[b].emit_order; });
  return order;
}

std::string describe(const std::vector<std::size_t>& order) {
  std::string text;
  for (auto i : order) text += (text.empty() ? "" : " ") + std::to_string(i);
  return text;
}

// Every task starts, finishes and reaches the caller where the ideal pool says, within the tolerance.
void expect_schedule(const RunTrace& run, const Expected& e, const std::string& who) {
  SCOPED_TRACE(who + " " + std::string(to_string(run.mode)));
  ASSERT_EQ(run.tasks.size(), e.start.size());
  for (std::size_t i = 0; i < run.tasks.size(); ++i) {
    const TaskRecord& t = run.tasks[i];
    EXPECT_EQ(t.status, TaskStatus::ok) << "task " << i;
    EXPECT_NEAR(seconds(run, t.start_ns), e.start[i], kTolerance) << "start of task " << i;
    EXPECT_NEAR(seconds(run, t.finish_ns), e.finish[i], kTolerance) << "finish of task " << i;
    EXPECT_NEAR(seconds(run, t.emit_ns), e.emit[i], kTolerance) << "emission of task " << i;
  }
  EXPECT_NEAR(seconds(run, run.end_ns), e.wall, kTolerance) << "wall time";
}

// Results that the ideal pool hands over clearly apart must reach the caller in that order on both sides.
void expect_emission_order(const RunTrace& run, const Expected& e, const std::string& who) {
  for (std::size_t a = 0; a < run.tasks.size(); ++a) {
    for (std::size_t b = 0; b < run.tasks.size(); ++b) {
      if (e.emit[b] - e.emit[a] >= kGap) {
        EXPECT_LT(run.tasks[a].emit_order, run.tasks[b].emit_order)
            << who << " hands result " << b << " over before result " << a;
      }
    }
  }
}

void expect_same_picture(const RunTrace& python, const RunTrace& ours, const Expected& e) {
  SCOPED_TRACE(std::string(to_string(ours.mode)));
  ASSERT_EQ(python.mode, ours.mode);
  ASSERT_EQ(python.tasks.size(), ours.tasks.size());
  EXPECT_EQ(python.label, "Python");
  // map and imap have one right order by definition; imap_unordered only when no two tasks finish together.
  if (ours.mode != Mode::imap_unordered || has_one_right_order(e, kGap)) {
    EXPECT_EQ(describe(emission_order(python)), describe(emission_order(ours))) << "order results reach the caller";
  }
  expect_emission_order(python, e, "Python");
  expect_emission_order(ours, e, "PoolScope");
  // Task-to-start order: whenever one side starts task a clearly before task b, so must the other.
  for (std::size_t a = 0; a < ours.tasks.size(); ++a) {
    for (std::size_t b = 0; b < ours.tasks.size(); ++b) {
      const double ours_gap = seconds(ours, ours.tasks[b].start_ns) - seconds(ours, ours.tasks[a].start_ns);
      const double python_gap = seconds(python, python.tasks[b].start_ns) - seconds(python, python.tasks[a].start_ns);
      if (ours_gap >= kGap) {
        EXPECT_GT(python_gap, 0.0) << "PoolScope starts task " << a << " before task " << b;
      }
      if (python_gap >= kGap) {
        EXPECT_GT(ours_gap, 0.0) << "Python starts task " << a << " before task " << b;
      }
    }
  }
  for (std::size_t i = 0; i < ours.tasks.size(); ++i) {
    EXPECT_NEAR(seconds(python, python.tasks[i].start_ns), seconds(ours, ours.tasks[i].start_ns), kTolerance)
        << "start of task " << i;
    EXPECT_NEAR(seconds(python, python.tasks[i].emit_ns), seconds(ours, ours.tasks[i].emit_ns), kTolerance)
        << "emission of task " << i;
    EXPECT_EQ(python.tasks[i].input, ours.tasks[i].input);
    EXPECT_EQ(python.tasks[i].result, ours.tasks[i].result);
  }
  EXPECT_NEAR(seconds(python, python.end_ns), seconds(ours, ours.end_ns), kTolerance) << "wall time";
  EXPECT_EQ(python.workers, ours.workers);
  EXPECT_EQ(python.chunksize, ours.chunksize);
}

class PythonConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    python_ = find_python();
    if (!python_) GTEST_SKIP() << "python3 is not installed here, so there is no Python run to compare with";
    dir_ = std::filesystem::path(::testing::TempDir()) / ("poolscope_conformance_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  // Runs both, reads both traces; checks each against the ideal schedule and against each other.
  void compare(const Case& c) {
    SCOPED_TRACE(c.name + ": --mode " + c.mode + " --workers " + std::to_string(c.workers) + " --inputs " +
                 join(c.inputs) + " --durations " + join(c.durations));
    const auto python_trace = dir_ / (c.name + "-python.json");
    const auto ours_trace = dir_ / (c.name + "-poolscope.json");
    std::vector<std::string> python_argv = {*python_, recorder_script()};
    for (auto& f : flags(c, python_trace)) python_argv.push_back(f);
    std::vector<std::string> ours_argv = {POOLSCOPE_BINARY, "run"};
    for (auto& f : flags(c, ours_trace)) ours_argv.push_back(f);

    const ProgramResult py = run_program(python_argv, 30);
    ASSERT_EQ(py.exit_code, 0) << "poolscope_record.py failed: " << py.err;
    const ProgramResult ours = run_program(ours_argv, 30);
    ASSERT_EQ(ours.exit_code, 0) << "poolscope run failed: " << ours.err;

    Trace python_runs;
    Trace our_runs;
    TraceFlavor flavor = TraceFlavor::chrome;
    ASSERT_NO_THROW(python_runs = read_trace(python_trace, {}, &flavor));
    EXPECT_EQ(flavor, TraceFlavor::poolscope);
    ASSERT_NO_THROW(our_runs = read_trace(ours_trace));
    ASSERT_EQ(python_runs.runs.size(), our_runs.runs.size());
    ASSERT_FALSE(our_runs.runs.empty());
    for (std::size_t r = 0; r < our_runs.runs.size(); ++r) {
      const Mode mode = our_runs.runs[r].mode;
      const Expected e = simulate(std::string(to_string(mode)), c.workers, c.durations, chunksize_of(c, mode));
      EXPECT_EQ(static_cast<std::size_t>(our_runs.runs[r].chunksize), chunksize_of(c, mode));
      expect_schedule(python_runs.runs[r], e, "Python");
      expect_schedule(our_runs.runs[r], e, "PoolScope");
      expect_same_picture(python_runs.runs[r], our_runs.runs[r], e);
    }
  }

  std::optional<std::string> python_;
  std::filesystem::path dir_;
};

// The notebook's three timing cells (Pool(3), result = 2 x input), at a tenth of their durations.
TEST_F(PythonConformance, NotebookIn12MapHoldsEveryResultUntilTheLast) {
  compare({"in12", "map", 3, {5, 10, 20}, {0.3, 0.3, 0.3}});
}

TEST_F(PythonConformance, NotebookIn14ImapHandsResultsOverInInputOrder) {
  compare({"in14", "imap", 3, {1, 2, 3}, {0.1, 0.2, 0.3}});
}

TEST_F(PythonConformance, NotebookIn15ImapUnorderedHandsResultsOverAsTheyFinish) {
  compare({"in15", "imap_unordered", 3, {1, 2, 3}, {0.2, 0.1, 0.0}});
}

TEST_F(PythonConformance, SlowFirstHoldsBackImapButNotImapUnordered) {
  // The slow-first preset (first task twice as long), 0.15 s per unit, in all three modes.
  compare({"slow-first", "all", 3, {1, 2, 3, 4, 5, 6}, {0.3, 0.15, 0.15, 0.15, 0.15, 0.15}});
}

TEST_F(PythonConformance, ChunksTravelTogether) {
  // 13 tasks on 3 workers: map's default chunksize is 2, so 7 chunks; then imap and imap_unordered
  // with --chunksize 3 hand back each chunk's results together.
  compare({"map-chunks", "map", 3, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13},
           {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}});
  compare({"chunks-of-3", "imap_unordered", 2, {1, 2, 3, 4, 5, 6}, {0.1, 0.1, 0.1, 0.15, 0.15, 0.15}, 3});
  compare({"imap-chunks-of-3", "imap", 2, {1, 2, 3, 4, 5, 6}, {0.15, 0.15, 0.15, 0.1, 0.1, 0.1}, 3});
}

// Random scenarios, each with one right order: two workers or three, 4 to 6 tasks of 100-300 ms.
TEST_F(PythonConformance, SeededRandomScenariosAgree) {
  std::mt19937 random(6061);
  int made = 0;
  for (int attempt = 0; made < 3 && attempt < 10000; ++attempt) {
    Case c;
    c.workers = 2 + static_cast<int>(random() % 2);
    const std::size_t n = 4 + random() % 3;
    for (std::size_t i = 0; i < n; ++i) {
      c.inputs.push_back(static_cast<long long>(random() % 100));
      c.durations.push_back(0.1 + 0.05 * static_cast<double>(random() % 5));  // 100, 150, ... 300 ms
    }
    // Finish times decide imap_unordered's order and which worker is free next, for every mode.
    if (!has_one_right_order(simulate("imap_unordered", c.workers, c.durations), kGap)) continue;
    c.mode = "all";
    c.name = "random-" + std::to_string(made);
    compare(c);
    if (HasFatalFailure()) return;
    ++made;
  }
  EXPECT_EQ(made, 3) << "the generator must find scenarios with one right order";
}

}  // namespace
}  // namespace poolscope::conformance
