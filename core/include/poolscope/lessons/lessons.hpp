// The notebook's cells (In[2] ... In[15]) as runnable C++ examples shaped like the Python:
// `poolscope lesson run in5` and the GUI's Lesson view run them and show what they print.
#pragma once

#include <string_view>
#include <vector>

namespace poolscope {

struct Lesson {
  std::string_view id;     // "in5": the notebook's In[5]
  std::string_view title;  // one line, English (the GUI shows the translated explanation's title)
  bool uses_pool;          // In[11] and later: the cell runs a Pool (its timeline shows workers and tasks)
  // Process objects the notebook's earlier cells had created in the same kernel when this cell ran. Python
  // numbers every Process object it creates, started or not, from one counter, so In[4]'s children are
  // Process-7 ... Process-11: In[2] made five and In[4] one more that it never starts.
  int processes_before;
  void (*run)();
};

struct LessonSettings {
  // Multiplies every time.sleep() of the cell: 0.1 runs the timing cells in a tenth of the time.
  double time_scale = 1.0;
  // Also print machine-readable process and task events on stderr, one line each:
  //   @event {"kind":"started","pid":5581,"name":"Process-1","t":0.0012}   (the first names the cell's
  //   own process "MainProcess")
  //   kinds: started, exited (with "exitcode"), task ("index","input","result","start","finish"),
  //   emit ("index","t"); times are seconds since the lesson began. The Lesson view draws its timeline
  //   from them.
  bool events = false;
};

inline constexpr std::string_view kLessonEventPrefix = "@event ";

// Every cell, in notebook order.
const std::vector<Lesson>& all_lessons();
// The cell with this id ("in5", also accepted: "In[5]", "5"), or nullptr.
const Lesson* find_lesson(std::string_view id);

// Runs the cell in this process: its processes are forked from here, so call it from a single-threaded
// program. Output goes straight to file descriptor 1 (as Python's print), one write per line so the
// lines of concurrent processes interleave whole.
void run_lesson(const Lesson& lesson, const LessonSettings& settings = {});

}  // namespace poolscope
