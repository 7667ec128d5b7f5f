// In[11]: a Pool of 3 processes maps doubler over the numbers; map hands the results back in input order.
#include <vector>

#include "lessons/lesson_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace poolscope::lessons {
namespace {

// The cell keeps the notebook's line breaks, line for line.
// clang-format off
// [lesson]
void main_in11() {
  auto doubler = [](int number) {
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

void in11() { main_in11(); }

}  // namespace poolscope::lessons
