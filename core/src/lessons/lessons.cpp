// The list of notebook cells and how one is run: flush what is buffered, start the event side channel, number
// processes on from the notebook's earlier cells, call the cell.
#include "poolscope/lessons/lessons.hpp"

#include <cctype>
#include <cstdio>
#include <iostream>
#include <string>

#include "lessons/lesson_events.hpp"
#include "poolscope/mp/current_process.hpp"

namespace poolscope {

namespace lessons {
void in2();
void in4();
void in5();
void in7();
void in9();
void in11();
void in12();
void in14();
void in15();
}  // namespace lessons

const std::vector<Lesson>& all_lessons() {
  // The counts of processes before each cell: In[2] creates 5 Process objects, In[4] 7 (one never started, and
  // Test), In[5] 5, In[7] 6 (Manager() starts one), In[9] 5; each Pool(processes=3) creates 3 (In[11], In[12],
  // and In[13], whose code the notebook's export lost).
  static const std::vector<Lesson> cells = {
      {"in2", "One Process per number, each prints its pid", false, 0, &lessons::in2},
      {"in4", "Process names: Process-7 ... Process-11 and Test", false, 5, &lessons::in4},
      {"in5", "A global dict written by children stays {} in the parent", false, 12, &lessons::in5},
      {"in7", "The fix: a dict shared between processes (Manager().dict())", false, 17, &lessons::in7},
      {"in9", "A shared Array('d', ...) doubled in place by the children", false, 23, &lessons::in9},
      {"in11", "Pool(processes=3).map: results in input order", true, 28, &lessons::in11},
      {"in12", "map: every result arrives at once, when the slowest task ends", true, 31, &lessons::in12},
      {"in14", "imap: results one by one, in input order", true, 37, &lessons::in14},
      {"in15", "imap_unordered: each result as soon as it is ready", true, 40, &lessons::in15},
  };
  return cells;
}

const Lesson* find_lesson(std::string_view id) {
  // Accept in5, In5, In[5], 5.
  std::string digits;
  for (char c : id) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) digits += c;
  }
  std::string bare;
  for (char c : id) {
    if (c != '[' && c != ']') bare += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (bare != "in" + digits && bare != digits) return nullptr;
  for (const Lesson& lesson : all_lessons()) {
    if (lesson.id == "in" + digits) return &lesson;
  }
  return nullptr;
}

void run_lesson(const Lesson& lesson, const LessonSettings& settings) {
  std::cout.flush();
  std::fflush(nullptr);
  lessons::events::begin(settings);
  process_detail::skip_child_identities(lesson.processes_before);
  lesson.run();
}

}  // namespace poolscope
