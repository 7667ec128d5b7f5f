// In[14]: imap hands results back one by one, in input order: 2 at 1 s, 4 at 2 s, 6 at 3 s.
#include "lessons/lesson_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace poolscope::lessons {
namespace {

// [lesson]
int doubler(int number) {
  time_sleep(number);
  return number * 2;
}

void main_in14() {
  Pool pool(3, timeline());
  double start = time_now();  // once the workers are up
  for (int result : pool.imap(doubler, {1, 2, 3})) {
    print(result, " at ", fixed1(time_now() - start), " s");
  }
}
// [/lesson]

}  // namespace

void in14() { main_in14(); }

}  // namespace poolscope::lessons
