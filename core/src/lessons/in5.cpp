// In[5]: a global dict written by the children stays empty in the parent: each child has its own copy.
#include <map>
#include <vector>

#include "lessons/lesson_support.hpp"
#include "poolscope/mp/current_process.hpp"
#include "poolscope/mp/process.hpp"

namespace poolscope::lessons {
namespace {

// [lesson]
std::map<int, int> results;  // a global dict

void doubler(int number) {
  results[number] = number * 2;
  print(current_process().name, " sees results = ", results);
}

void main_in5() {
  std::vector<int> numbers = {5, 10, 15, 20, 25};
  std::vector<Process> procs;

  for (int number : numbers) {
    procs.emplace_back(doubler, number);
    procs.back().start();
  }
  for (Process& proc : procs) {
    proc.join();
  }

  print(results);  // {}: every child wrote into its own copy of the dict
}
// [/lesson]

}  // namespace

void in5() { main_in5(); }

}  // namespace poolscope::lessons
