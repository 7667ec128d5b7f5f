// In[2]: one Process per number; each child doubles its number and prints its own pid.
#include <unistd.h>

#include <vector>

#include "lessons/lesson_support.hpp"
#include "poolscope/mp/process.hpp"

namespace poolscope::lessons {
namespace {

// [lesson]
void doubler(int number) {
  // A function that runs in a separate process
  int result = number * 2;
  int proc = getpid();
  print(number, " doubled to ", result, " by process id: ", proc);
}

void main_in2() {
  std::vector<int> numbers = {5, 10, 15, 20, 25};
  std::vector<Process> procs;

  for (int number : numbers) {
    Process proc(doubler, number);
    procs.push_back(std::move(proc));
    procs.back().start();
  }

  for (Process& proc : procs) {
    proc.join();
  }
}
// [/lesson]

}  // namespace

void in2() { main_in2(); }

}  // namespace poolscope::lessons
