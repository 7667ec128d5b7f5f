// In[7]: the fix: a dict shared between processes (Python's Manager().dict()), keyed by each child's pid.
#include <unistd.h>

#include <vector>

#include "lessons/lesson_support.hpp"
#include "poolscope/mp/process.hpp"
#include "poolscope/mp/shared_dict.hpp"

namespace poolscope::lessons {
namespace {

// [lesson]
void doubler(int number, SharedDict<int, int> results) {
  int proc = getpid();
  results[proc] = number * 2;
}

void main_in7() {
  std::vector<int> numbers = {5, 10, 15, 20, 25};
  SharedDict<int, int> results;  // manager.dict()
  std::vector<Process> procs;

  for (int number : numbers) {
    procs.emplace_back(doubler, number, results);
    procs.back().start();
  }
  for (Process& proc : procs) {
    proc.join();
  }

  print(results);  // five pid: result pairs
}
// [/lesson]

}  // namespace

void in7() { main_in7(); }

}  // namespace poolscope::lessons
