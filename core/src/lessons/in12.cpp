// In[12]: map with three 3-second tasks on 3 workers: nothing comes back until all are done, at ~3 s.
// %%time prints the cell's CPU times and wall time when it ends.
#include <vector>

#include "lessons/lesson_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace poolscope::lessons {
namespace {

// The cell keeps the notebook's line breaks, line for line.
// clang-format off
// [lesson]
void main_in12() {
  TimeMagic cell_time;  // %%time
  auto doubler = [](int number) {
    time.sleep(3);
    return number * 2;
  };

  std::vector<int> numbers = {5, 10, 20};
  Pool pool(/*processes=*/3, timeline());
  for (int item : pool.map(doubler, numbers)) {
    print(item);
  }
}
// [/lesson]
// clang-format on

}  // namespace

void in12() { main_in12(); }

}  // namespace poolscope::lessons
