// The Lesson view shows each cell's Python and explanations from resources/lessons/, and its C++ from the
// marked region of the cell's own source file: every cell has all of them, and its Python is the notebook's.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "poolscope/lessons/lessons.hpp"

namespace {

const std::filesystem::path kSource = POOLSCOPE_SOURCE_DIR;

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The part of core/src/lessons/<id>.cpp between the `// [lesson]` and `// [/lesson]` markers.
std::string marked_region(const std::string& source) {
  const std::string begin = "// [lesson]\n";
  const auto from = source.find(begin);
  const auto to = source.find("// [/lesson]");
  if (from == std::string::npos || to == std::string::npos) return {};
  return source.substr(from + begin.size(), to - from - begin.size());
}

TEST(LessonSources, EveryCellHasPythonCppAndBothExplanations) {
  for (const auto& lesson : poolscope::all_lessons()) {
    const std::string id(lesson.id);
    for (const char* suffix : {".py", ".script.py", ".en.md", ".ru.md"}) {
      const auto file = kSource / "resources/lessons" / (id + suffix);
      EXPECT_TRUE(std::filesystem::exists(file)) << file;
      EXPECT_FALSE(slurp(file).empty()) << file;
    }
    EXPECT_TRUE(slurp(kSource / "resources/lessons" / (id + ".en.md")).starts_with("# In[")) << id;
    EXPECT_TRUE(slurp(kSource / "resources/lessons" / (id + ".ru.md")).starts_with("# In[")) << id;
  }
}

TEST(LessonSources, EveryCellMarksTheCodeTheViewShows) {
  for (const auto& lesson : poolscope::all_lessons()) {
    const std::string id(lesson.id);
    const std::string shown = marked_region(slurp(kSource / "core/src/lessons" / (id + ".cpp")));
    EXPECT_NE(shown.find("void main_" + id + "()"), std::string::npos)
        << "core/src/lessons/" << id << ".cpp: the // [lesson] ... // [/lesson] region must hold main_" << id;
  }
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string trimmed(const std::string& s) {
  const auto from = s.find_first_not_of(" \t\r\n");
  if (from == std::string::npos) return {};
  return s.substr(from, s.find_last_not_of(" \t\r\n") - from + 1);
}

// The code cells of the notebook's text export (resources/lessons/notebook.txt, as exported: Russian prose,
// "In [N]:" prompts, "|" cursor marks, indentation lost here and there, and output sometimes run into the
// code). Lines are compared without their indentation; the Python test below checks the panes' indentation.
std::map<int, std::vector<std::string>> notebook_cells(const std::string& text) {
  const auto lines = split_lines(text);
  const std::regex prompt(R"(^\s*In \[(\d+)\]:\s*(?:\|\s*)?(.*)$)");
  std::map<int, std::vector<std::string>> cells;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::smatch m;
    if (!std::regex_match(lines[i], m, prompt)) continue;
    std::string before;  // a prompt right after an opening ``` begins a fenced cell, which may hold blank lines
    for (std::size_t j = i; j-- > 0;) {
      if (!trimmed(lines[j]).empty()) {
        before = trimmed(lines[j]);
        break;
      }
    }
    const bool fenced = before == "```";
    std::vector<std::string> code;
    if (!trimmed(m[2]).empty()) code.push_back(trimmed(m[2]));
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      const std::string line = trimmed(lines[j]);
      if (line == "```") break;
      if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0])) != 0) break;  // output: In[5]
      if (!fenced && line.empty()) break;
      if (code.empty() && line.empty()) continue;
      code.push_back(line);
    }
    while (!code.empty() && code.back().empty()) code.pop_back();
    cells[std::stoi(m[1])] = code;
  }
  return cells;
}

// The only changes from the export: its typos (spaces for underscores in In[4]) and In[12]'s `%%time` line,
// which the export lost although the cell's output shows the CPU times and wall time only %%time prints.
void fix_export(int cell, std::vector<std::string>& code) {
  for (std::string& line : code) {
    line = std::regex_replace(line, std::regex("proc name"), "proc_name");
    line = std::regex_replace(line, std::regex("current process\\("), "current_process(");
  }
  if (cell == 12 && !code.empty() && code.front() != "%%time") code.insert(code.begin(), "%%time");
}

std::vector<std::string> pane_lines(const std::string& id) {
  std::vector<std::string> lines;
  for (const auto& line : split_lines(slurp(kSource / "resources/lessons" / (id + ".py"))))
    lines.push_back(trimmed(line));
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& line : lines) s += line + "\n";
  return s;
}

TEST(LessonSources, TheNotebookExportHasTheCellsTheLessonsShow) {
  const auto cells = notebook_cells(slurp(kSource / "resources/lessons/notebook.txt"));
  for (int n : {2, 4, 5, 7, 9, 11, 12, 14, 15}) {
    ASSERT_TRUE(cells.contains(n)) << "In[" << n << "]";
    EXPECT_GE(cells.at(n).size(), 6u) << "In[" << n << "]";
  }
  EXPECT_EQ(cells.at(3), (std::vector<std::string>{"from multiprocessing import current_process"}));
  EXPECT_EQ(cells.at(5).back(), "print(results)");  // the output that follows it in the export is not code
}

TEST(LessonSources, EveryPythonPaneIsTheNotebooksCell) {
  const auto cells = notebook_cells(slurp(kSource / "resources/lessons/notebook.txt"));
  for (const auto& lesson : poolscope::all_lessons()) {
    const std::string id(lesson.id);
    const int n = std::stoi(id.substr(2));
    ASSERT_TRUE(cells.contains(n)) << id;
    auto expected = cells.at(n);
    fix_export(n, expected);
    EXPECT_EQ(joined(pane_lines(id)), joined(expected)) << "resources/lessons/" << id << ".py";
  }
}

// The panes' indentation (which the export garbles) must make valid Python: IPython's %%time line aside,
// python3 parses each one.
TEST(LessonSources, EveryPythonPaneIsValidPython) {
  if (std::system("python3 -c pass >/dev/null 2>&1") != 0) GTEST_SKIP() << "no python3";
  for (const auto& lesson : poolscope::all_lessons()) {
    const std::string id(lesson.id);
    const std::string path = (kSource / "resources/lessons" / (id + ".py")).string();
    const std::string command =
        "python3 -c \"import ast, sys; src = open(sys.argv[1]).read(); "
        "ast.parse(src.replace('%%time', '', 1))\" '" +
        path + "'";
    EXPECT_EQ(std::system(command.c_str()), 0) << path;
  }
}

// The second Python tab, the cell as a script: python3 runs it (all nine at once, the timing cells take up to
// 3 s) and it prints what the cell prints, in the same shape.
TEST(LessonSources, EveryScriptRunsUnderPython3AndPrintsWhatTheCellPrints) {
  if (std::system("python3 -c pass >/dev/null 2>&1") != 0) GTEST_SKIP() << "no python3";
  char dir[] = "/tmp/poolscope-lesson-scripts-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string command;
  for (const auto& lesson : poolscope::all_lessons()) {
    const std::string id(lesson.id);
    const std::string script = (kSource / "resources/lessons" / (id + ".script.py")).string();
    const std::string base = std::string(dir) + "/" + id;
    command += "(cd '" + std::string(dir) + "' && timeout 30 python3 '" + script + "' > '" + base +
               ".out' 2>&1; echo $? > '" + base + ".rc') & ";
  }
  command += "wait";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const std::regex doubled(R"(\d+ doubled to \d+ by)");
  const std::string ctime = R"( \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4})";
  for (const auto& lesson : poolscope::all_lessons()) {
    const std::string id(lesson.id);
    const std::string base = std::string(dir) + "/" + id;
    const std::string out = slurp(base + ".out");
    const std::string rc = slurp(base + ".rc");
    std::remove((base + ".out").c_str());
    std::remove((base + ".rc").c_str());
    EXPECT_EQ(trimmed(rc), "0") << id << ": " << out;
    std::vector<std::string> lines;
    for (const auto& line : split_lines(out))
      if (!trimmed(line).empty()) lines.push_back(line);
    ASSERT_FALSE(lines.empty()) << id;
    // Python's print() writes the text and the newline apart, so concurrent children may run two lines
    // together (as in the notebook's own output): count the children's lines, do not split them.
    const auto children = std::distance(std::sregex_iterator(out.begin(), out.end(), doubled), std::sregex_iterator());
    const auto matches = [&](std::size_t i, const std::string& shape) {
      return i < lines.size() && std::regex_match(lines[i], std::regex(shape));
    };
    if (id == "in2") {
      EXPECT_EQ(children, 5) << out;
    }
    if (id == "in4") {
      EXPECT_EQ(children, 6) << out;
      EXPECT_NE(out.find("2 doubled to 4 by: Test"), std::string::npos) << out;
      EXPECT_NE(out.find("by: Process-6"), std::string::npos) << out;  // run alone: Process-2 ... Process-6
    }
    if (id == "in5") {
      EXPECT_EQ(children, 5) << out;
      EXPECT_EQ(lines.back(), "{}");
    }
    if (id == "in7") {
      EXPECT_EQ(children, 5) << out;
      EXPECT_TRUE(matches(lines.size() - 1, R"(\{(\d+: \d+, ){4}\d+: \d+\})")) << out;
    }
    if (id == "in9") {
      EXPECT_EQ(lines, (std::vector<std::string>{"[5.0, 10.0, 15.0, 20.0, 25.0]", "[10.0, 20.0, 30.0, 40.0, 50.0]"}));
    }
    if (id == "in11") {
      EXPECT_EQ(lines, (std::vector<std::string>{"10", "20", "40"}));
    }
    if (id == "in12") {
      EXPECT_EQ(std::vector<std::string>(lines.begin(), lines.begin() + std::min<std::size_t>(3, lines.size())),
                (std::vector<std::string>{"10", "20", "40"}));
    }
    const std::vector<std::string> items = id == "in14"   ? std::vector<std::string>{"2", "4", "6"}
                                           : id == "in15" ? std::vector<std::string>{"6", "4", "2"}
                                                          : std::vector<std::string>{};
    for (std::size_t i = 0; i < items.size(); ++i) {
      EXPECT_TRUE(matches(i, items[i] + ctime)) << id << ": " << out;
    }
    if (id == "in12" || id == "in14") {
      EXPECT_TRUE(matches(3, R"(Wall time: 3\.\d\d s)")) << out;
    }
    if (id == "in15") {
      EXPECT_TRUE(matches(3, R"(Wall time: 2\.\d\d s)")) << out;
    }
  }
  std::remove(dir);
}

}  // namespace
