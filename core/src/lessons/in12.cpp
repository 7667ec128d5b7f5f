// In[12]: map with three 3-second tasks on 3 workers: nothing comes back until all are done, at ~3 s.
#include "lessons/lesson_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace poolscope::lessons {
namespace {

// [lesson]
int doubler(int number) {
  time_sleep(3);
  return number * 2;
}

void main_in12() {
  Pool pool(3, timeline());
  double start = time_now();  // once the workers are up
  for (int result : pool.map(doubler, {5, 10, 20})) {
    print(result, " at ", fixed1(time_now() - start), " s");
  }
}
// [/lesson]

}  // namespace

void in12() { main_in12(); }

}  // namespace poolscope::lessons
