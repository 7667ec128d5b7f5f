// In[4]: each child prints its name. Process objects are numbered when created, started or not, so the
// one In[4] never starts takes a number too: the children are Process-7 ... Process-11 after In[2]'s five.
#include <string>
#include <vector>

#include "lessons/lesson_support.hpp"
#include "poolscope/mp/current_process.hpp"
#include "poolscope/mp/process.hpp"

// The cells keep the notebook's names, and Python lets an inner name reuse an outer one.
#pragma GCC diagnostic ignored "-Wshadow"

namespace poolscope::lessons {
namespace {

// The cell keeps the notebook's line breaks, line for line.
// clang-format off
// [lesson]
void main_in4() {
  auto doubler = [](int number) {
    int result = number * 2;
    std::string proc_name = current_process().name;
    print(Str("{0} doubled to {1} by: {2}").format(
        number, result, proc_name));
  };
  std::vector<int> numbers = {5, 10, 15, 20, 25};
  std::vector<Process> procs;
  Process proc(doubler, 5);
  for (auto [index, number] : enumerate(numbers)) {
    proc = Process(doubler, number);
    procs.push_back(std::move(proc));
    procs.back().start();
  }
  proc = Process("Test", doubler, 2);
  proc.start();
  procs.push_back(std::move(proc));
  for (Process& proc : procs) {
    proc.join();
  }
}
// [/lesson]
// clang-format on

}  // namespace

void in4() { main_in4(); }

}  // namespace poolscope::lessons
