// In[9]: an Array('d', ...) in shared memory: each child doubles one element in place, the parent sees it.
#include <cstddef>
#include <vector>

#include "lessons/lesson_support.hpp"
#include "poolscope/mp/process.hpp"
#include "poolscope/mp/shared_array.hpp"

// The cells keep the notebook's names, and Python lets an inner name reuse an outer one.
#pragma GCC diagnostic ignored "-Wshadow"

namespace poolscope::lessons {
namespace {

// The cell keeps the notebook's line breaks, line for line.
// clang-format off
// [lesson]
void main_in9() {
  auto doubler = [](std::size_t index, SharedArray<double> arr) {
    arr[index] = arr[index]*2;
  };

  std::vector<int> numbers = {5, 10, 15, 20, 25};
  std::vector<Process> procs;

  SharedArray<double> arr = Array<double>(numbers);
  print(arr.to_vector());  // arr[:]
  for (auto [index, number] : enumerate(numbers)) {
    Process proc(doubler, index, arr);
    procs.push_back(std::move(proc));
    procs.back().start();
  }

  for (Process& proc : procs) {
    proc.join();
  }

  print(arr.to_vector());
}
// [/lesson]
// clang-format on

}  // namespace

void in9() { main_in9(); }

}  // namespace poolscope::lessons
