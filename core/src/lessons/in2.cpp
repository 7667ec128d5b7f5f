// In[2]: one Process per number; each child doubles its number and prints its own pid.
#include <vector>

#include "lessons/lesson_support.hpp"
#include "poolscope/mp/process.hpp"

// The cells keep the notebook's names, and Python lets an inner name reuse an outer one.
#pragma GCC diagnostic ignored "-Wshadow"

namespace poolscope::lessons {
namespace {

// The cell keeps the notebook's line breaks, line for line.
// clang-format off
// [lesson]
void main_in2() {
  auto doubler = [](int number) {
    int result = number * 2;
    int proc = os.getpid();
    print(
        Str("{0} doubled to {1} by process id: {2}").format(
            number, result, proc));
    return result;
  };
  std::vector<int> numbers = {5, 10, 15, 20, 25};
  std::vector<Process> procs;
  for (auto [index, number] : enumerate(numbers)) {
    Process proc(doubler, number);
    procs.push_back(std::move(proc));
    procs.back().start();
  }
  for (Process& proc : procs) {
    proc.join();
  }
}
// [/lesson]
// clang-format on

}  // namespace

void in2() { main_in2(); }

}  // namespace poolscope::lessons
