// In[11]: a Pool of 3 processes maps doubler over the numbers; each task prints the worker that ran it.
#include <unistd.h>

#include <vector>

#include "lessons/lesson_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace poolscope::lessons {
namespace {

// [lesson]
int doubler(int number) {
  int result = number * 2;
  int proc = getpid();
  print(number, " doubled to ", result, " by process id: ", proc);
  return result;
}

void main_in11() {
  std::vector<int> numbers = {5, 10, 15, 20, 25};
  Pool pool(3, timeline());
  print(pool.map(doubler, numbers));
}
// [/lesson]

}  // namespace

void in11() { main_in11(); }

}  // namespace poolscope::lessons
