// In[9]: an Array('d', ...) in shared memory: a child doubles it in place and the parent sees the change.
#include "lessons/lesson_support.hpp"
#include "poolscope/mp/process.hpp"
#include "poolscope/mp/shared_array.hpp"

namespace poolscope::lessons {
namespace {

// [lesson]
void doubler(SharedArray<double> arr) {
  for (std::size_t i = 0; i < arr.size(); ++i) {
    arr[i] = arr[i] * 2;
  }
}

void main_in9() {
  SharedArray<double> arr = {5.0, 10.0, 15.0, 20.0, 25.0};  // Array('d', [...])
  print(arr.to_vector());

  Process proc(doubler, arr);
  proc.start();
  proc.join();

  print(arr.to_vector());
}
// [/lesson]

}  // namespace

void in9() { main_in9(); }

}  // namespace poolscope::lessons
