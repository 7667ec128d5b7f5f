// In[5]: a dict written by the children stays empty in the parent: each child works on its own copy.
#include <map>
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
void main_in5() {
  std::map<int, int> results;  // dict()
  auto doubler = [](int number, std::map<int, int> results) {
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

void in5() { main_in5(); }

}  // namespace poolscope::lessons
