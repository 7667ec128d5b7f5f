// Each notebook cell prints what the notebook shows: five results, {} for In[5], the pid dict of In[7],
// the doubled array of In[9], Process-N and Test names of In[4], and the timing stories of In[12..15].
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "poolscope/lessons/lessons.hpp"

namespace {

struct Output {
  std::vector<std::string> lines;   // stdout
  std::vector<std::string> events;  // stderr lines that are events
  int status = -1;
};

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Runs the cell in a forked child (as `poolscope lesson run` does) with stdout / stderr in temp files.
Output run_cell(const char* id, double scale = 0.1, bool events = false) {
  char out_path[] = "/tmp/poolscope-lesson-out-XXXXXX";
  char err_path[] = "/tmp/poolscope-lesson-err-XXXXXX";
  const int out_fd = mkstemp(out_path);
  const int err_fd = mkstemp(err_path);
  std::fflush(nullptr);  // or the child would write the test runner's buffered output into the cell's output
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    alarm(30);  // bounded, whatever happens
    const auto* lesson = poolscope::find_lesson(id);
    if (lesson == nullptr) _exit(9);
    poolscope::run_lesson(*lesson, {scale, events});
    std::fflush(nullptr);
    _exit(0);
  }
  Output out;
  waitpid(pid, &out.status, 0);
  close(out_fd);
  close(err_fd);
  out.lines = read_lines(out_path);
  for (auto& line : read_lines(err_path)) {
    if (line.starts_with(poolscope::kLessonEventPrefix)) out.events.push_back(line);
  }
  std::remove(out_path);
  std::remove(err_path);
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + '\n';
  return s;
}

TEST(Lessons, ListHasEveryCellInNotebookOrder) {
  std::vector<std::string> ids;
  for (const auto& lesson : poolscope::all_lessons()) ids.emplace_back(lesson.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"in2", "in4", "in5", "in7", "in9", "in11", "in12", "in14", "in15"}));
  EXPECT_EQ(poolscope::find_lesson("In[5]"), poolscope::find_lesson("in5"));
  EXPECT_EQ(poolscope::find_lesson("5")->id, "in5");
  EXPECT_EQ(poolscope::find_lesson("in3"), nullptr);
  EXPECT_EQ(poolscope::find_lesson("x5"), nullptr);
}

TEST(Lessons, In2PrintsFiveResultsFromFiveProcesses) {
  const auto out = run_cell("in2");
  ASSERT_EQ(out.status, 0);
  ASSERT_EQ(out.lines.size(), 5u) << joined(out.lines);
  const std::regex line(R"((\d+) doubled to (\d+) by process id: (\d+))");
  std::set<std::string> numbers, pids;
  for (const auto& l : out.lines) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(l, m, line)) << l;
    EXPECT_EQ(std::stoi(m[2]), 2 * std::stoi(m[1]));
    EXPECT_NE(std::stoi(m[3]), getpid());
    numbers.insert(m[1]);
    pids.insert(m[3]);
  }
  EXPECT_EQ(numbers, (std::set<std::string>{"5", "10", "15", "20", "25"}));
  EXPECT_EQ(pids.size(), 5u);
}

TEST(Lessons, In4NamesProcessesLikePython) {
  const auto out = run_cell("in4");
  ASSERT_EQ(out.status, 0);
  const std::set<std::string> lines(out.lines.begin(), out.lines.end());
  EXPECT_EQ(lines, (std::set<std::string>{"5 doubled to 10 by: Process-1", "10 doubled to 20 by: Process-2",
                                          "15 doubled to 30 by: Process-3", "20 doubled to 40 by: Process-4",
                                          "25 doubled to 50 by: Process-5", "2 doubled to 4 by: Test"}))
      << joined(out.lines);
}

TEST(Lessons, In5GlobalDictStaysEmptyInTheParent) {
  const auto out = run_cell("in5");
  ASSERT_EQ(out.status, 0);
  ASSERT_FALSE(out.lines.empty());
  EXPECT_EQ(out.lines.back(), "{}");
  EXPECT_NE(joined(out.lines).find("sees results = {5: 10}"), std::string::npos) << joined(out.lines);
}

TEST(Lessons, In7SharedDictHoldsFivePidResultPairs) {
  const auto out = run_cell("in7");
  ASSERT_EQ(out.status, 0);
  ASSERT_EQ(out.lines.size(), 1u) << joined(out.lines);
  const std::regex pair(R"((\d+): (\d+))");
  std::multiset<int> results;
  const std::string& dict = out.lines[0];
  EXPECT_TRUE(dict.starts_with("{") && dict.ends_with("}")) << dict;
  for (std::sregex_iterator it(dict.begin(), dict.end(), pair), end; it != end; ++it)
    results.insert(std::stoi((*it)[2]));
  EXPECT_EQ(results, (std::multiset<int>{10, 20, 30, 40, 50})) << dict;
}

TEST(Lessons, In9PrintsTheArrayThenItsDoubledVersion) {
  const auto out = run_cell("in9");
  ASSERT_EQ(out.status, 0);
  EXPECT_EQ(out.lines, (std::vector<std::string>{"[5.0, 10.0, 15.0, 20.0, 25.0]", "[10.0, 20.0, 30.0, 40.0, 50.0]"}));
}

TEST(Lessons, In11MapsOverThreeWorkers) {
  const auto out = run_cell("in11");
  ASSERT_EQ(out.status, 0);
  ASSERT_EQ(out.lines.size(), 6u) << joined(out.lines);
  EXPECT_EQ(out.lines.back(), "[10, 20, 30, 40, 50]");
  std::set<std::string> pids;
  const std::regex line(R"((\d+) doubled to (\d+) by process id: (\d+))");
  for (std::size_t i = 0; i + 1 < out.lines.size(); ++i) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(out.lines[i], m, line)) << out.lines[i];
    pids.insert(m[3]);
  }
  EXPECT_LE(pids.size(), 3u);
}

// "R at T s" lines of the timing cells, with --scale 0.1.
std::vector<std::pair<int, double>> timed(const Output& out) {
  std::vector<std::pair<int, double>> r;
  const std::regex line(R"((\d+) at ([0-9.]+) s)");
  for (const auto& l : out.lines) {
    std::smatch m;
    if (std::regex_match(l, m, line)) r.emplace_back(std::stoi(m[1]), std::stod(m[2]));
  }
  return r;
}

// When each result reached the caller, in seconds after the first task started (from the --events
// side channel, which is exact; the printed times have one decimal and include the workers' start-up).
std::vector<double> emit_times(const Output& out) {
  double first_start = 1e9;
  std::vector<double> emits;
  for (const auto& line : out.events) {
    const auto e = nlohmann::json::parse(line.substr(poolscope::kLessonEventPrefix.size()));
    if (e["kind"] == "task_started") first_start = std::min(first_start, e["start"].get<double>());
    if (e["kind"] == "emit") emits.push_back(e["t"].get<double>());
  }
  for (double& t : emits) t -= first_start;
  return emits;
}

void expect_story(const char* cell, const std::vector<int>& results, const std::vector<double>& at) {
  const auto out = run_cell(cell, 0.1, true);
  ASSERT_EQ(out.status, 0);
  const auto printed = timed(out);
  ASSERT_EQ(printed.size(), results.size()) << joined(out.lines);
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(printed[i].first, results[i]) << joined(out.lines);
    if (i > 0) {
      EXPECT_GE(printed[i].second, printed[i - 1].second);
    }
  }
  const auto emits = emit_times(out);
  ASSERT_EQ(emits.size(), at.size());
  for (std::size_t i = 0; i < at.size(); ++i) EXPECT_NEAR(emits[i], at[i], 0.08) << cell << " result " << i;
}

TEST(Lessons, In12MapReturnsEverythingAtOnce) { expect_story("in12", {10, 20, 40}, {0.3, 0.3, 0.3}); }

TEST(Lessons, In14ImapReturnsInOrderOneByOne) { expect_story("in14", {2, 4, 6}, {0.1, 0.2, 0.3}); }

TEST(Lessons, In15ImapUnorderedReturnsAsSoonAsReady) { expect_story("in15", {6, 4, 2}, {0.0, 0.1, 0.2}); }

TEST(Lessons, EventsDescribeEveryProcessStartAndExit) {
  const auto out = run_cell("in2", 0.1, true);
  ASSERT_EQ(out.status, 0);
  int started = 0, exited = 0;
  for (const auto& e : out.events) {
    if (e.find(R"("kind":"started")") != std::string::npos) ++started;
    if (e.find(R"("kind":"exited")") != std::string::npos) ++exited;
  }
  EXPECT_EQ(started, 6);  // the cell's own process, then its five children
  EXPECT_EQ(exited, 5);
  EXPECT_EQ(out.lines.size(), 5u);  // events never mix into the output
}

TEST(Lessons, PoolEventsDescribeEveryTask) {
  const auto out = run_cell("in14", 0.1, true);
  ASSERT_EQ(out.status, 0);
  int tasks = 0, emits = 0;
  for (const auto& e : out.events) {
    if (e.find(R"("kind":"task")") != std::string::npos) ++tasks;
    if (e.find(R"("kind":"emit")") != std::string::npos) ++emits;
  }
  EXPECT_EQ(tasks, 3);
  EXPECT_EQ(emits, 3);
}

}  // namespace
