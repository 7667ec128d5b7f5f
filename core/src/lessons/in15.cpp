// In[15]: imap_unordered hands each result back as soon as it is ready: 6 at 0 s, 4 at 1 s, 2 at 2 s.
#include "lessons/lesson_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace poolscope::lessons {
namespace {

// [lesson]
int doubler(int number) {
  time_sleep(3 - number);
  return number * 2;
}

void main_in15() {
  Pool pool(3, timeline());
  double start = time_now();  // once the workers are up
  for (int result : pool.imap_unordered(doubler, {1, 2, 3})) {
    print(result, " at ", fixed1(time_now() - start), " s");
  }
}
// [/lesson]

}  // namespace

void in15() { main_in15(); }

}  // namespace poolscope::lessons
