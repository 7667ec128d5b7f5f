// In[15]: imap_unordered hands each result back as soon as it is ready: 6, 4, 2.
// %%time prints the cell's CPU times and wall time when it ends.
#include <vector>

#include "lessons/lesson_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace poolscope::lessons {
namespace {

// The cell keeps the notebook's line breaks, line for line.
// clang-format off
// [lesson]
void main_in15() {
  TimeMagic cell_time;  // %%time
  auto doubler = [](int number) {
    time.sleep(3 - number);
    return number * 2;
  };

  std::vector<int> numbers = {1, 2, 3};
  Pool pool(/*processes=*/3, timeline());
  for (int item : pool.imap_unordered(doubler, numbers)) {
    print(item, time.ctime());
  }
}
// [/lesson]
// clang-format on

}  // namespace

void in15() { main_in15(); }

}  // namespace poolscope::lessons
