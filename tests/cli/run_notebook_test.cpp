// The notebook's three timing examples through the real binary, scaled down with --durations:
// the lines come in the notebook's order, each printed the moment the caller received it.
#include <gtest/gtest.h>

#include "cli_process.hpp"
#include "result_lines.hpp"

using namespace poolscope::test;

namespace {

constexpr double kTolerance = 0.08;

struct Expected {
  long long input;
  long long result;
  double at;
};

void expect_run(const CliResult& r, const std::vector<Expected>& expected, const std::string& mode, double wall) {
  ASSERT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  ASSERT_EQ(r.lines.size(), expected.size() + 1) << r.out();
  const double first_arrival = r.lines[0].at;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto line = parse_result_line(r.lines[i].text);
    ASSERT_TRUE(line) << "not a result line: " << r.lines[i].text;
    EXPECT_EQ(line->input, expected[i].input) << r.lines[i].text;
    EXPECT_EQ(line->result, expected[i].result) << r.lines[i].text;
    EXPECT_GE(line->worker, 1);
    EXPECT_LE(line->worker, 3);
    EXPECT_GT(line->pid, 0);
    EXPECT_NEAR(line->at, expected[i].at, kTolerance) << r.lines[i].text;
    // Printed (and flushed) when received, not all at the end.
    EXPECT_NEAR(r.lines[i].at - first_arrival, expected[i].at - expected[0].at, kTolerance) << r.lines[i].text;
  }
  const auto summary = parse_summary_line(r.lines.back().text);
  ASSERT_TRUE(summary) << "not a summary line: " << r.lines.back().text;
  EXPECT_EQ(summary->mode, mode);
  EXPECT_EQ(summary->results, static_cast<int>(expected.size()));
  EXPECT_EQ(summary->workers, 3);
  EXPECT_NEAR(summary->wall, wall, kTolerance);
}

}  // namespace

TEST(RunNotebook, In12MapHandsEverythingBackTogether) {
  const auto r = run_cli({"run", "--preset", "in12-map", "--durations", "0.3"});
  expect_run(r, {{5, 10, 0.3}, {10, 20, 0.3}, {20, 40, 0.3}}, "map", 0.3);
}

TEST(RunNotebook, In14ImapHandsBackInInputOrder) {
  const auto r = run_cli({"run", "--preset", "in14-imap", "--durations", "0.1,0.2,0.3"});
  expect_run(r, {{1, 2, 0.1}, {2, 4, 0.2}, {3, 6, 0.3}}, "imap", 0.3);
}

TEST(RunNotebook, In15ImapUnorderedHandsBackAsSoonAsReady) {
  const auto r = run_cli({"run", "--preset", "in15-imap-unordered", "--durations", "0.2,0.1,0"});
  expect_run(r, {{3, 6, 0.0}, {2, 4, 0.1}, {1, 2, 0.2}}, "imap_unordered", 0.2);
}

TEST(RunNotebook, FlagsAloneDescribeTheSameRun) {
  const auto r =
      run_cli({"run", "--mode", "imap_unordered", "--workers", "3", "--inputs", "1,2,3", "--durations", "0.2,0.1,0"});
  expect_run(r, {{3, 6, 0.0}, {2, 4, 0.1}, {1, 2, 0.2}}, "imap_unordered", 0.2);
}

TEST(RunNotebook, SlowFirstHoldsBackImap) {
  // Task 0 takes 0.2 s, the others 0.1 s: results 2..3 finish at 0.1 s but wait for task 0.
  const auto r = run_cli({"run", "--preset", "slow-first", "--durations", "0.2,0.1,0.1,0.1,0.1,0.1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.lines.size(), 7u) << r.out();
  const auto first = parse_result_line(r.lines[0].text);
  const auto second = parse_result_line(r.lines[1].text);
  ASSERT_TRUE(first && second) << r.out();
  EXPECT_EQ(first->input, 1);
  EXPECT_NEAR(first->at, 0.2, kTolerance);
  EXPECT_NEAR(second->at, 0.2, kTolerance);
}

TEST(RunNotebook, QuietPrintsOnlyTheSummary) {
  const auto r = run_cli({"run", "--preset", "in14-imap", "--durations", "0.1", "--quiet"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.lines.size(), 1u) << r.out();
  const auto summary = parse_summary_line(r.lines[0].text);
  ASSERT_TRUE(summary) << r.lines[0].text;
  EXPECT_EQ(summary->results, 3);
}

TEST(RunNotebook, HelpMentionsEveryFlagAndTheExitCodes) {
  const auto r = run_cli({"run", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  const std::string out = r.out();
  for (const char* flag :
       {"--mode", "--workers", "--chunksize", "--inputs", "--durations", "--workload", "--fail-task", "--preset",
        "--scenario", "--trace", "--csv", "--png", "--svg", "--pdf", "--size", "--theme", "--quiet", "130", "143"}) {
    EXPECT_NE(out.find(flag), std::string::npos) << flag;
  }
}
