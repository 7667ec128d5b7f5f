// In[4]: the same, but each child prints its name: Process-1, Process-2, ... and one named "Test".
#include <vector>

#include "lessons/lesson_support.hpp"
#include "poolscope/mp/current_process.hpp"
#include "poolscope/mp/process.hpp"

namespace poolscope::lessons {
namespace {

// [lesson]
void doubler(int number) {
  int result = number * 2;
  std::string proc_name = current_process().name;
  print(number, " doubled to ", result, " by: ", proc_name);
}

void main_in4() {
  std::vector<int> numbers = {5, 10, 15, 20, 25};
  std::vector<Process> procs;

  for (int number : numbers) {
    Process proc(doubler, number);
    procs.push_back(std::move(proc));
    procs.back().start();
  }

  Process proc("Test", doubler, 2);
  proc.start();
  procs.push_back(std::move(proc));

  for (Process& p : procs) {
    p.join();
  }
}
// [/lesson]

}  // namespace

void in4() { main_in4(); }

}  // namespace poolscope::lessons
