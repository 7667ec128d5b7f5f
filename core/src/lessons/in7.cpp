// In[7]: the fix: Manager().dict(), a dict shared between processes, keyed by each child's pid.
#include <vector>

#include "lessons/lesson_support.hpp"
#include "poolscope/mp/process.hpp"
#include "poolscope/mp/shared_dict.hpp"

// The cells keep the notebook's names, and Python lets an inner name reuse an outer one.
#pragma GCC diagnostic ignored "-Wshadow"

namespace poolscope::lessons {
namespace {

// The cell keeps the notebook's line breaks, line for line.
// clang-format off
// [lesson]
void main_in7() {
  Manager manager;  // also possible here: Queue, Pipe
  SharedDict<int, int> results = manager.dict<int, int>();
  auto doubler = [](int number, SharedDict<int, int> results) {
    int result = number * 2;
    int proc = os.getpid();
    results[proc] = result;
    print(
        Str("{0} doubled to {1} by process id: {2}").format(
            number, result, proc));
  };
  std::vector<int> numbers = {5, 10, 15, 20, 25};
  std::vector<Process> procs;
  for (auto [index, number] : enumerate(numbers)) {
    Process proc(doubler, number, results);
    procs.push_back(std::move(proc));
    procs.back().start();
  }
  for (Process& proc : procs) {
    proc.join();
  }
  print(results);
}
// [/lesson]
// clang-format on

}  // namespace

void in7() { main_in7(); }

}  // namespace poolscope::lessons
