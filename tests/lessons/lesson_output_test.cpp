// Each notebook cell prints what the notebook shows, in the notebook's shape: the children's lines and {} for
// In[5], the lines and the pid dict of In[7], the doubled array of In[9], Process-7 ... Process-11 and Test for
// In[4], `item` / `item time.ctime()` lines and %%time's CPU and wall times for In[12..15].
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
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

// "5 doubled to 10 by process id: 5581" lines, as In[2], In[5] and In[7] print them: number -> pid.
std::map<int, int> doubled_lines(const std::vector<std::string>& lines) {
  const std::regex line(R"((\d+) doubled to (\d+) by process id: (\d+))");
  std::map<int, int> pid_of;
  for (const auto& l : lines) {
    std::smatch m;
    if (!std::regex_match(l, m, line)) continue;
    EXPECT_EQ(std::stoi(m[2]), 2 * std::stoi(m[1])) << l;
    EXPECT_NE(std::stoi(m[3]), getpid()) << l;
    pid_of[std::stoi(m[1])] = std::stoi(m[3]);
  }
  return pid_of;
}

const std::vector<int> kNumbers = {5, 10, 15, 20, 25};

std::vector<int> keys(const std::map<int, int>& m) {
  std::vector<int> k;
  for (const auto& [key, value] : m) k.push_back(key);
  return k;
}

TEST(Lessons, In2PrintsFiveResultsFromFiveProcesses) {
  const auto out = run_cell("in2");
  ASSERT_EQ(out.status, 0);
  ASSERT_EQ(out.lines.size(), 5u) << joined(out.lines);
  const auto pid_of = doubled_lines(out.lines);
  EXPECT_EQ(keys(pid_of), kNumbers) << joined(out.lines);
  std::set<int> pids;
  for (const auto& [number, pid] : pid_of) pids.insert(pid);
  EXPECT_EQ(pids.size(), 5u);
}

// The notebook's own output: In[2] created five Process objects and In[4] one it never starts, so its
// children are Process-7 ... Process-11 (Python numbers every Process object, started or not).
TEST(Lessons, In4NamesProcessesAsTheNotebookDoes) {
  const auto out = run_cell("in4");
  ASSERT_EQ(out.status, 0);
  const std::set<std::string> lines(out.lines.begin(), out.lines.end());
  EXPECT_EQ(lines, (std::set<std::string>{"5 doubled to 10 by: Process-7", "10 doubled to 20 by: Process-8",
                                          "15 doubled to 30 by: Process-9", "20 doubled to 40 by: Process-10",
                                          "25 doubled to 50 by: Process-11", "2 doubled to 4 by: Test"}))
      << joined(out.lines);
  EXPECT_EQ(out.lines.size(), 6u);
}

TEST(Lessons, In5ChildrenPrintTheirLinesAndTheParentsDictStaysEmpty) {
  const auto out = run_cell("in5");
  ASSERT_EQ(out.status, 0);
  ASSERT_EQ(out.lines.size(), 6u) << joined(out.lines);
  EXPECT_EQ(keys(doubled_lines({out.lines.begin(), out.lines.end() - 1})), kNumbers) << joined(out.lines);
  EXPECT_EQ(out.lines.back(), "{}");
}

TEST(Lessons, In7ChildrenPrintTheirLinesThenTheSharedDictHoldsTheirResults) {
  const auto out = run_cell("in7");
  ASSERT_EQ(out.status, 0);
  ASSERT_EQ(out.lines.size(), 6u) << joined(out.lines);
  const auto pid_of = doubled_lines({out.lines.begin(), out.lines.end() - 1});
  EXPECT_EQ(keys(pid_of), kNumbers) << joined(out.lines);
  // {pid: result, ...}: one pair per child, the pid and result it printed.
  const std::string& dict = out.lines.back();
  EXPECT_TRUE(std::regex_match(dict, std::regex(R"(\{(\d+: \d+, ){4}\d+: \d+\})"))) << dict;
  std::map<int, int> result_of_pid, expected;
  const std::regex pair(R"((\d+): (\d+))");
  for (std::sregex_iterator it(dict.begin(), dict.end(), pair), end; it != end; ++it)
    result_of_pid[std::stoi((*it)[1])] = std::stoi((*it)[2]);
  for (const auto& [number, pid] : pid_of) expected[pid] = 2 * number;
  EXPECT_EQ(result_of_pid, expected) << dict;
}

TEST(Lessons, In9PrintsTheArrayThenItsDoubledVersion) {
  const auto out = run_cell("in9");
  ASSERT_EQ(out.status, 0);
  EXPECT_EQ(out.lines, (std::vector<std::string>{"[5.0, 10.0, 15.0, 20.0, 25.0]", "[10.0, 20.0, 30.0, 40.0, 50.0]"}));
}

TEST(Lessons, In11PrintsEachItemOfMap) {
  const auto out = run_cell("in11");
  ASSERT_EQ(out.status, 0);
  EXPECT_EQ(out.lines, (std::vector<std::string>{"10", "20", "40"}));
}

// A duration as IPython's %%time prints it ("3.01 s", "18.5 ms", "950 µs"), in seconds; -1 if not that shape.
double ipython_seconds(const std::string& text) {
  std::smatch m;
  if (!std::regex_match(text, m, std::regex(R"(([0-9.]+) (s|ms|µs|ns))"))) return -1;
  const double scale = m[2] == "s" ? 1 : m[2] == "ms" ? 1e-3 : m[2] == "µs" ? 1e-6 : 1e-9;
  const std::string digits = m[1].str();
  // Three significant digits, no more: 3.01, 18.5, 950.
  EXPECT_LE(std::count_if(digits.begin(), digits.end(), [](char c) { return std::isdigit(c) != 0; }), 3) << text;
  return std::stod(digits) * scale;
}

// The %%time cells end with IPython's two lines; returns the wall time in seconds.
double time_magic_wall(const Output& out) {
  EXPECT_GE(out.lines.size(), 2u);
  if (out.lines.size() < 2) return -1;
  std::smatch m;
  const std::string& cpu = out.lines[out.lines.size() - 2];
  EXPECT_TRUE(std::regex_match(cpu, m, std::regex(R"(CPU times: user (.+), sys: (.+), total: (.+))"))) << cpu;
  if (m.size() == 4) {
    const double user = ipython_seconds(m[1]), sys = ipython_seconds(m[2]), total = ipython_seconds(m[3]);
    EXPECT_GE(user, 0) << cpu;
    EXPECT_GE(sys, 0) << cpu;
    EXPECT_NEAR(total, user + sys, 0.01 * total + 1e-6) << cpu;
  }
  const std::string& wall = out.lines.back();
  if (!std::regex_match(wall, m, std::regex(R"(Wall time: (.+))"))) {
    ADD_FAILURE() << wall;
    return -1;
  }
  return ipython_seconds(m[1]);
}

// "2 Fri Dec 11 10:15:34 2020" lines of In[14] and In[15]: the item, then time.ctime() as Python spells it.
std::vector<int> ctime_items(const Output& out) {
  const std::regex line(R"((\d+) (Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) )"
                        R"(([ 1-3]\d) (\d\d):(\d\d):(\d\d) (\d{4}))");
  std::vector<int> items;
  const std::time_t now = std::time(nullptr);
  for (std::size_t i = 0; i + 2 < out.lines.size(); ++i) {
    std::smatch m;
    if (!std::regex_match(out.lines[i], m, line)) {
      ADD_FAILURE() << out.lines[i];
      continue;
    }
    items.push_back(std::stoi(m[1]));
    std::tm t{};
    localtime_r(&now, &t);
    EXPECT_EQ(std::stoi(m[8]), t.tm_year + 1900) << out.lines[i];  // printed in local time, this year
    EXPECT_EQ(std::stoi(m[4]) >= 1 && std::stoi(m[4]) <= 31, true) << out.lines[i];
  }
  return items;
}

// When each result reached the caller, in seconds after the first task started (from the --events
// side channel, which is exact; the printed times have a resolution of one second).
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

void expect_story(const Output& out, const char* cell, const std::vector<double>& at, double wall) {
  const auto emits = emit_times(out);
  ASSERT_EQ(emits.size(), at.size()) << cell;
  for (std::size_t i = 0; i < at.size(); ++i) EXPECT_NEAR(emits[i], at[i], 0.08) << cell << " result " << i;
  // %%time's wall time also holds the pool's start and end: a little more than the tasks, never less.
  const double printed = time_magic_wall(out);
  EXPECT_GE(printed, wall - 0.01) << cell;
  EXPECT_LE(printed, wall + 0.2) << cell;
}

TEST(Lessons, In12MapPrintsEveryItemAtOnceThenTheTimes) {
  const auto out = run_cell("in12", 0.1, true);
  ASSERT_EQ(out.status, 0);
  ASSERT_EQ(out.lines.size(), 5u) << joined(out.lines);
  EXPECT_EQ(std::vector<std::string>(out.lines.begin(), out.lines.begin() + 3),
            (std::vector<std::string>{"10", "20", "40"}));
  expect_story(out, "in12", {0.3, 0.3, 0.3}, 0.3);
}

TEST(Lessons, In14ImapPrintsItemAndTimeInOrderOneByOne) {
  const auto out = run_cell("in14", 0.1, true);
  ASSERT_EQ(out.status, 0);
  ASSERT_EQ(out.lines.size(), 5u) << joined(out.lines);
  EXPECT_EQ(ctime_items(out), (std::vector<int>{2, 4, 6})) << joined(out.lines);
  expect_story(out, "in14", {0.1, 0.2, 0.3}, 0.3);
}

TEST(Lessons, In15ImapUnorderedPrintsEachItemAsSoonAsReady) {
  const auto out = run_cell("in15", 0.1, true);
  ASSERT_EQ(out.status, 0);
  ASSERT_EQ(out.lines.size(), 5u) << joined(out.lines);
  EXPECT_EQ(ctime_items(out), (std::vector<int>{6, 4, 2})) << joined(out.lines);
  expect_story(out, "in15", {0.0, 0.1, 0.2}, 0.2);
}

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
