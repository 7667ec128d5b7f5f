// In[14]: imap hands results back one by one, in input order: 2 at 1 s, 4 at 2 s, 6 at 3 s.
// %%time prints the cell's CPU times and wall time when it ends.
#include <vector>

#include "lessons/lesson_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace poolscope::lessons {
namespace {

// The cell keeps the notebook's line breaks, line for line.
// clang-format off
// [lesson]
void main_in14() {
  TimeMagic cell_time;  // %%time
  auto doubler = [](int number) {
    time.sleep(number);
    return number * 2;
  };

  std::vector<int> numbers = {1, 2, 3};
  Pool pool(/*processes=*/3, timeline());
  for (int item : pool.imap(doubler, numbers)) {
    print(item, time.ctime());
  }
}
// [/lesson]
// clang-format on

}  // namespace

void in14() { main_in14(); }

}  // namespace poolscope::lessons
