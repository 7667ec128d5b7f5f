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
#include "poolscope/trace/trace_reader.hpp"
#include "poolscope/util/errors.hpp"

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
  std::vector<std::string> f = {"--mode",   c.mode,         "--workers",   std::to_string(c.workers),
                                "--inputs", join(c.inputs), "--durations", join(c.durations),
                                "--trace",  trace.string(), "--quiet"};
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

// What a viewer would see differently, one sentence per difference.
using Findings = std::vector<std::string>;

std::string format_seconds(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f s", value);
  return buffer;
}

void check_near(Findings& findings, double actual, double expected, const std::string& what) {
  if (!(std::fabs(actual - expected) <= kTolerance)) {
    findings.push_back(what + " at " + format_seconds(actual) + ", expected " + format_seconds(expected) +
                       " (tolerance 80 ms)");
  }
}

// Every task starts, finishes and reaches the caller where the ideal pool says, within the tolerance.
void check_schedule(Findings& findings, const RunTrace& run, const Expected& e, const std::string& who) {
  const std::string prefix = who + " " + std::string(to_string(run.mode)) + ": ";
  for (std::size_t i = 0; i < run.tasks.size() && i < e.start.size(); ++i) {
    const TaskRecord& t = run.tasks[i];
    check_near(findings, seconds(run, t.start_ns), e.start[i], prefix + "task " + std::to_string(i) + " starts");
    check_near(findings, seconds(run, t.finish_ns), e.finish[i], prefix + "task " + std::to_string(i) + " finishes");
    check_near(findings, seconds(run, t.emit_ns), e.emit[i], prefix + "result " + std::to_string(i) + " arrives");
  }
  check_near(findings, seconds(run, run.end_ns), e.wall, prefix + "the run ends");
}

// Results that the ideal pool hands over clearly apart must reach the caller in that order.
void check_emission_order(Findings& findings, const RunTrace& run, const Expected& e, const std::string& who) {
  for (std::size_t a = 0; a < run.tasks.size(); ++a) {
    for (std::size_t b = 0; b < run.tasks.size(); ++b) {
      if (e.emit[b] - e.emit[a] >= kGap && run.tasks[a].emit_order > run.tasks[b].emit_order) {
        findings.push_back(who + " " + std::string(to_string(run.mode)) + ": result " + std::to_string(b) +
                           " arrives before result " + std::to_string(a));
      }
    }
  }
}

void check_same_picture(Findings& findings, const RunTrace& python, const RunTrace& ours, const Expected& e) {
  const std::string mode(to_string(ours.mode));
  // map and imap have one right order by definition; imap_unordered only when no two tasks finish together.
  if (ours.mode != Mode::imap_unordered || has_one_right_order(e, kGap)) {
    const std::string py_order = describe(emission_order(python));
    const std::string our_order = describe(emission_order(ours));
    if (py_order != our_order) {
      findings.push_back(mode + ": results arrive in the order " + py_order + " in Python but " + our_order +
                         " in PoolScope");
    }
  }
  check_emission_order(findings, python, e, "Python");
  check_emission_order(findings, ours, e, "PoolScope");
  // Task-to-start order: whenever one side starts task a clearly before task b, so must the other.
  for (std::size_t a = 0; a < ours.tasks.size(); ++a) {
    for (std::size_t b = 0; b < ours.tasks.size(); ++b) {
      const double ours_gap = seconds(ours, ours.tasks[b].start_ns) - seconds(ours, ours.tasks[a].start_ns);
      const double python_gap = seconds(python, python.tasks[b].start_ns) - seconds(python, python.tasks[a].start_ns);
      if ((ours_gap >= kGap && python_gap <= 0.0) || (python_gap >= kGap && ours_gap <= 0.0)) {
        findings.push_back(mode + ": tasks " + std::to_string(a) + " and " + std::to_string(b) +
                           " start in a different order in Python and in PoolScope");
      }
    }
  }
  for (std::size_t i = 0; i < ours.tasks.size(); ++i) {
    check_near(findings, seconds(python, python.tasks[i].start_ns), seconds(ours, ours.tasks[i].start_ns),
               mode + ": Python starts task " + std::to_string(i) + " (compared with PoolScope)");
    check_near(findings, seconds(python, python.tasks[i].emit_ns), seconds(ours, ours.tasks[i].emit_ns),
               mode + ": Python hands result " + std::to_string(i) + " over (compared with PoolScope)");
  }
  check_near(findings, seconds(python, python.end_ns), seconds(ours, ours.end_ns),
             mode + ": Python's run ends (compared with PoolScope)");
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
  // Timing on a shared machine can be disturbed by other work, so a pair of runs that disagrees is run
  // once more before the test fails; what does not depend on timing is checked strictly every time.
  void compare(const Case& c) {
    SCOPED_TRACE(c.name + ": --mode " + c.mode + " --workers " + std::to_string(c.workers) + " --inputs " +
                 join(c.inputs) + " --durations " + join(c.durations));
    Findings findings;
    for (int attempt = 1; attempt <= 2; ++attempt) {
      findings.clear();
      run_and_check(c, findings);
      if (HasFatalFailure() || findings.empty()) return;
      if (attempt == 1) {
        std::printf("note: %s disagreed (%s); running the pair once more\n", c.name.c_str(), findings.front().c_str());
      }
    }
    for (const std::string& finding : findings) ADD_FAILURE() << finding;
  }

  void run_and_check(const Case& c, Findings& findings) {
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
      const RunTrace& python = python_runs.runs[r];
      const RunTrace& ourselves = our_runs.runs[r];
      const Mode mode = ourselves.mode;
      SCOPED_TRACE(std::string(to_string(mode)));
      ASSERT_EQ(python.mode, mode);
      ASSERT_EQ(python.tasks.size(), c.durations.size());
      ASSERT_EQ(ourselves.tasks.size(), c.durations.size());
      EXPECT_EQ(python.label, "Python Pool");
      EXPECT_EQ(python.workers, ourselves.workers);
      EXPECT_EQ(python.chunksize, ourselves.chunksize);
      EXPECT_EQ(static_cast<std::size_t>(ourselves.chunksize), chunksize_of(c, mode));
      for (std::size_t i = 0; i < c.durations.size(); ++i) {
        EXPECT_EQ(python.tasks[i].status, TaskStatus::ok) << "Python task " << i;
        EXPECT_EQ(ourselves.tasks[i].status, TaskStatus::ok) << "PoolScope task " << i;
        EXPECT_EQ(python.tasks[i].input, ourselves.tasks[i].input);
        EXPECT_EQ(python.tasks[i].result, ourselves.tasks[i].result);
      }
      const Expected e = simulate(std::string(to_string(mode)), c.workers, c.durations, chunksize_of(c, mode));
      check_schedule(findings, python, e, "Python");
      check_schedule(findings, ourselves, e, "PoolScope");
      check_same_picture(findings, python, ourselves, e);
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
  compare({"map-chunks",
           "map",
           3,
           {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13},
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
