// The primitives use anonymous shared memory only: running them leaves nothing behind in /dev/shm.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "poolscope/mp/process.hpp"
#include "poolscope/mp/queue.hpp"
#include "poolscope/mp/shared_array.hpp"
#include "poolscope/mp/shared_dict.hpp"

namespace {

std::set<std::string> shm_names() {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/dev/shm", ec)) names.insert(e.path().filename());
  return names;
}

TEST(SharedMemory, NoDevShmLeftovers) {
  const auto before = shm_names();
  {
    poolscope::SharedArray<double> arr{1.0, 2.0};
    poolscope::SharedDict<int, int> dict;
    poolscope::Queue<int> queue;
    poolscope::Process p(
        [](poolscope::SharedArray<double> a, poolscope::SharedDict<int, int> d, poolscope::Queue<int> q) {
          a[0] = 3.0;
          d[1] = 2;
          q.put(3);
        },
        arr, dict, queue);
    p.start();
    p.join();
    EXPECT_EQ(queue.get(1.0), 3);
    p = poolscope::Process([] { std::abort(); });
    p.start();
    p.join();
  }
  const auto after = shm_names();
  for (const auto& name : after) EXPECT_TRUE(before.count(name)) << "left in /dev/shm: " << name;
}

}  // namespace
