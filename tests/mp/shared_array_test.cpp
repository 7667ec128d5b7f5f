// SharedArray: children write the parent's array in place; its lock makes increments exact and survives
// a child killed while holding it.
#include "poolscope/mp/shared_array.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

#include "poolscope/mp/process.hpp"
#include "poolscope/util/clock.hpp"

namespace {

using poolscope::Process;
using poolscope::SharedArray;

TEST(SharedArray, ChildDoublesTheParentsArray) {
  SharedArray<double> arr{5.0, 10.0, 15.0, 20.0, 25.0};
  Process p(
      [](SharedArray<double> a) {
        for (auto& x : a) x *= 2;
      },
      arr);
  p.start();
  p.join();
  EXPECT_EQ(arr.to_vector(), (std::vector<double>{10.0, 20.0, 30.0, 40.0, 50.0}));
}

TEST(SharedArray, LockedIncrementsFromSeveralProcessesSumExactly) {
  SharedArray<long> counter(1, 0);
  constexpr int kProcesses = 4;
  constexpr int kIncrements = 5000;
  std::vector<Process> procs;
  for (int i = 0; i < kProcesses; ++i) {
    procs.emplace_back(
        [](SharedArray<long> c) {
          for (int k = 0; k < kIncrements; ++k) {
            std::lock_guard guard(c.get_lock());
            c[0] = c[0] + 1;
          }
        },
        counter);
  }
  for (auto& p : procs) p.start();
  for (auto& p : procs) p.join();
  EXPECT_EQ(counter[0], kProcesses * kIncrements);
}

TEST(SharedArray, IndexOutOfRangeThrows) {
  SharedArray<int> arr(3);
  EXPECT_THROW(arr[3], std::out_of_range);
}

TEST(SharedArray, ChildKilledWhileHoldingTheLockDoesNotHangTheParent) {
  SharedArray<int> state(1, 0);
  Process holder(
      [](SharedArray<int> s) {
        s.get_lock().lock();
        s[0] = 1;  // tell the parent the lock is held
        std::this_thread::sleep_for(std::chrono::seconds(30));
      },
      state);
  holder.start();
  const auto deadline = poolscope::monotonic_ns() + 5'000'000'000;
  while (std::atomic_ref<int>(state[0]).load() == 0 && poolscope::monotonic_ns() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_EQ(state[0], 1);
  EXPECT_FALSE(state.get_lock().try_lock());
  holder.kill();
  holder.join();
  ASSERT_TRUE(state.get_lock().try_lock_for(std::chrono::seconds(2)));
  EXPECT_TRUE(state.get_lock().take_recovered());
  state.get_lock().unlock();
  std::lock_guard again(state.get_lock());  // and it keeps working
}

}  // namespace
