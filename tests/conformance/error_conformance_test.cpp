// When a task raises, the caller must receive from `poolscope run` exactly what it receives from
// CPython's multiprocessing.Pool: the same results and the same exception, in the same order, and the
// loop must end where Python's ends. Seeded cases: every mode x chunksize 1 and 2 x an early and a late
// failing task, with chunk finishes at least 60 ms apart so that only one order is right.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "conformance/conformance_support.hpp"

namespace poolscope::conformance {
namespace {

constexpr double kChunkGap = 0.060;  // seconds between any two chunk finishes
constexpr int kWorkers = 2;
constexpr std::size_t kTasks = 6;

struct ErrorCase {
  std::string mode;
  std::size_t chunksize = 1;
  std::size_t fail = 0;
  std::vector<double> durations;
};

std::string join(const std::vector<double>& values);

// How GoogleTest names a case in a failure: the flags that reproduce it.
void PrintTo(const ErrorCase& c, std::ostream* os) {
  *os << "--mode " << c.mode << " --chunksize " << c.chunksize << " --fail-task " << c.fail << " --durations "
      << join(c.durations);
}

std::string join(const std::vector<double>& values) {
  std::string s;
  for (double v : values) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", v);
    s += (s.empty() ? "" : ",") + std::string(buffer);
  }
  return s;
}

std::string join(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += (s.empty() ? "" : " | ") + l;
  return s;
}

// When each chunk is done, for workers that take the next chunk when idle; a chunk stops at its failing
// task (Python's worker abandons the rest of it).
std::vector<double> chunk_finishes(const ErrorCase& c) {
  std::vector<double> free_at(kWorkers, 0.0);
  std::vector<double> finishes;
  for (std::size_t first = 0; first < c.durations.size(); first += c.chunksize) {
    auto worker = std::min_element(free_at.begin(), free_at.end());
    const std::size_t last = std::min(c.durations.size(), first + c.chunksize);
    for (std::size_t i = first; i < last; ++i) {
      *worker += c.durations[i];
      if (i == c.fail) break;
    }
    finishes.push_back(*worker);
  }
  return finishes;
}

bool unambiguous(const ErrorCase& c) {
  std::vector<double> finishes = chunk_finishes(c);
  std::sort(finishes.begin(), finishes.end());
  for (std::size_t i = 1; i < finishes.size(); ++i) {
    if (finishes[i] - finishes[i - 1] < kChunkGap) return false;
  }
  return true;
}

std::vector<ErrorCase> seeded_cases() {
  std::vector<ErrorCase> cases;
  std::mt19937 rng(20240612);
  std::uniform_int_distribution<int> tenths(1, 4);
  for (const char* mode : {"map", "imap", "imap_unordered"}) {
    for (std::size_t chunksize : {1u, 2u}) {
      for (bool early : {true, false}) {
        ErrorCase c{mode, chunksize, 0, {}};
        do {
          c.durations.clear();
          for (std::size_t i = 0; i < kTasks; ++i) c.durations.push_back(0.1 * tenths(rng) - 0.05);
          c.fail = early ? static_cast<std::size_t>(rng() % 3) : 3 + static_cast<std::size_t>(rng() % 3);
        } while (!unambiguous(c));
        cases.push_back(c);
      }
    }
  }
  return cases;
}

std::vector<std::string> flags(const ErrorCase& c) {
  return {"--mode",      c.mode,
          "--workers",   std::to_string(kWorkers),
          "--chunksize", std::to_string(c.chunksize),
          "--inputs",    "1,2,3,4,5,6",
          "--durations", join(c.durations),
          "--workload",  "raise",
          "--fail-task", std::to_string(c.fail)};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// `poolscope run`'s lines in the Python program's words: "result 8", "raise 2".
std::vector<std::string> received_from_poolscope(const std::vector<std::string>& lines) {
  static const std::regex result(R"(^-?\d+ doubled to (-?\d+) by .*)");
  static const std::regex raised(R"(^task (\d+) \(input -?\d+\) raised an error on .*)");
  std::vector<std::string> received;
  std::smatch m;
  for (const auto& line : lines) {
    if (std::regex_match(line, m, result)) received.push_back("result " + m[1].str());
    if (std::regex_match(line, m, raised)) received.push_back("raise " + m[1].str());
  }
  return received;
}

class ErrorConformance : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ErrorConformance, TheCallerReceivesWhatPythonHandsOver) {
  const auto python = find_python();
  if (!python) GTEST_SKIP() << "python3 is not installed here, so there is no Python run to compare with";
  const ErrorCase& c = GetParam();
  const auto script = (std::filesystem::path(POOLSCOPE_SOURCE_DIR) / "tests" / "conformance" / "caller_receives.py");
  std::vector<std::string> python_argv = {*python, script.string()};
  std::vector<std::string> ours_argv = {POOLSCOPE_BINARY, "run"};
  for (const auto& f : flags(c)) {
    python_argv.push_back(f);
    ours_argv.push_back(f);
  }
  SCOPED_TRACE("poolscope run " + join(std::vector<std::string>(ours_argv.begin() + 2, ours_argv.end())));
  // A shared machine can delay one run enough to swap two finishes: a disagreement is run once more.
  std::vector<std::string> from_python;
  std::vector<std::string> from_us;
  std::vector<std::string> our_lines;
  for (int attempt = 1; attempt <= 2; ++attempt) {
    const ProgramResult py = run_program(python_argv, 30);
    ASSERT_EQ(py.exit_code, 0) << py.err;
    const ProgramResult ours = run_program(ours_argv, 30);
    ASSERT_EQ(ours.exit_code, 3) << "a task raised: " << ours.err;
    from_python = lines_of(py.out);
    our_lines = lines_of(ours.out);
    from_us = received_from_poolscope(our_lines);
    if (from_python == from_us) break;
    std::printf("note: Python handed over %s, PoolScope %s; running the pair once more\n", join(from_python).c_str(),
                join(from_us).c_str());
  }
  EXPECT_EQ(join(from_us), join(from_python));
  // Where Python's loop ended before every task was handed over, PoolScope says so.
  const bool ended_early = from_python.size() < kTasks;
  const std::string ends = c.mode + ": the exception ends the " + (c.mode == "map" ? "call" : "loop");
  const bool says_so = std::any_of(our_lines.begin(), our_lines.end(),
                                   [&](const std::string& line) { return line.rfind(ends, 0) == 0; });
  EXPECT_EQ(says_so, ended_early) << join(our_lines);
}

std::string case_name(const ::testing::TestParamInfo<ErrorCase>& info) {
  return info.param.mode + "_chunksize" + std::to_string(info.param.chunksize) + "_task" +
         std::to_string(info.param.fail) + "_raises";
}

INSTANTIATE_TEST_SUITE_P(Seeded, ErrorConformance, ::testing::ValuesIn(seeded_cases()), case_name);

}  // namespace
}  // namespace poolscope::conformance
