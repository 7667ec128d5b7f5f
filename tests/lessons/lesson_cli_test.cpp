// `poolscope lesson ...` end to end: the notebook's story from a terminal, and clear errors.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `poolscope <args>` bounded by 30 s, capturing stdout and stderr.
Result poolscope(const std::string& args) {
  char dir[] = "/tmp/poolscope-lesson-cli-XXXXXX";
  if (mkdtemp(dir) == nullptr) return {};
  const std::string out = std::string(dir) + "/out", err = std::string(dir) + "/err";
  const std::string command = "timeout 30 '" POOLSCOPE_BINARY "' " + args + " >" + out + " 2>" + err + " </dev/null";
  const int status = std::system(command.c_str());
  Result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  std::remove(out.c_str());
  std::remove(err.c_str());
  std::remove(dir);
  return r;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> result;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) result.push_back(line);
  return result;
}

TEST(LessonCli, ListShowsEveryCell) {
  const auto r = poolscope("lesson list");
  EXPECT_EQ(r.exit_code, 0);
  const auto l = lines(r.out);
  ASSERT_EQ(l.size(), 9u) << r.out;
  EXPECT_TRUE(l.front().starts_with("in2 "));
  EXPECT_TRUE(l.back().starts_with("in15 "));
}

TEST(LessonCli, In5PrintsTheEmptyDictStory) {
  const auto r = poolscope("lesson run in5");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto l = lines(r.out);
  ASSERT_EQ(l.size(), 6u) << r.out;
  EXPECT_EQ(l.back(), "{}");
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(LessonCli, In7PrintsTheChildrensLinesThenTheSharedDict) {
  const auto r = poolscope("lesson run in7");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::regex_match(r.out, std::regex(R"((\d+ doubled to \d+ by process id: \d+\n){5})"
                                                 R"(\{\d+: \d+0, \d+: \d+0, \d+: \d+0, \d+: \d+0, \d+: \d+0\}\n)")))
      << r.out;
}

TEST(LessonCli, In2PrintsTheNotebooksLines) {
  const auto r = poolscope("lesson run 'In[2]'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto l = lines(r.out);
  ASSERT_EQ(l.size(), 5u);
  for (const auto& line : l)
    EXPECT_TRUE(std::regex_match(line, std::regex(R"(\d+ doubled to \d+ by process id: \d+)"))) << line;
}

TEST(LessonCli, FastRunsTheTimingCellsInATenthOfTheTime) {
  // `item time.ctime()` lines as the notebook prints them, then %%time's two lines.
  const auto check = [](const std::string& out, const std::vector<int>& items, double wall) {
    const auto l = lines(out);
    ASSERT_EQ(l.size(), items.size() + 2) << out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::smatch m;
      ASSERT_TRUE(std::regex_match(l[i], m, std::regex(R"((\d+) \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4})"))) << l[i];
      EXPECT_EQ(std::stoi(m[1]), items[i]) << out;
    }
    EXPECT_TRUE(l[items.size()].starts_with("CPU times: user ")) << out;
    std::smatch m;
    ASSERT_TRUE(std::regex_match(l.back(), m, std::regex(R"(Wall time: (\d+) ms)"))) << out;
    // The pool's start and end add a little on a loaded machine: the order is what must hold exactly.
    EXPECT_NEAR(std::stod(m[1]) / 1000, wall, 0.15) << out;
  };
  const auto r = poolscope("lesson run in15 --fast");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  check(r.out, {6, 4, 2}, 0.2);
  const auto s = poolscope("lesson run in14 --scale 0.1");
  check(s.out, {2, 4, 6}, 0.3);
}

TEST(LessonCli, EventsGoToStderrOnly) {
  const auto r = poolscope("lesson run in4 --events");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(lines(r.out).size(), 6u);
  int started = 0;
  for (const auto& line : lines(r.err)) {
    EXPECT_TRUE(line.starts_with("@event {")) << line;
    if (line.find(R"("kind":"started")") != std::string::npos) ++started;
  }
  EXPECT_EQ(started, 7);  // MainProcess, Process-7..11 and Test
}

TEST(LessonCli, ShowPrintsPythonAndCppInEitherLanguage) {
  const auto en = poolscope("lesson show in9");
  EXPECT_EQ(en.exit_code, 0);
  EXPECT_NE(en.out.find("arr = Array('d', numbers)"), std::string::npos) << en.out;
  EXPECT_NE(en.out.find("SharedArray<double>"), std::string::npos);
  // The notebook's cell first, then the script, labelled as not the notebook's.
  const auto script = en.out.find("--- Python as a script (ours, not in the notebook)");
  ASSERT_NE(script, std::string::npos) << en.out;
  EXPECT_LT(en.out.find("arr = Array('d', numbers)"), script);
  EXPECT_NE(en.out.find("if __name__ == '__main__':", script), std::string::npos) << en.out;
  const auto ru = poolscope("lesson show in9 --lang ru");
  EXPECT_NE(ru.out.find("разделяемый"), std::string::npos);
}

TEST(LessonCli, BadInputIsOneClearLineAndExitTwo) {
  for (const char* args : {"lesson run in3", "lesson run in5 --scale fast", "lesson run in5 --wat", "lesson run",
                           "lesson frobnicate", "lesson"}) {
    const auto r = poolscope(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_TRUE(r.out.empty()) << args << ": " << r.out;
    if (std::string(args) != "lesson") {
      EXPECT_EQ(lines(r.err).size(), 1u) << args << ": " << r.err;
    }
  }
}

}  // namespace
