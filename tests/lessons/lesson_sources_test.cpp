// The Lesson view shows each cell's Python and explanations from resources/lessons/, and its C++ from the
// marked region of the cell's own source file: every cell has all of them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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
    for (const char* suffix : {".py", ".en.md", ".ru.md"}) {
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

}  // namespace
