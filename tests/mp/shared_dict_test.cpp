// SharedDict: what children write, the parent reads; several writers at once lose nothing; a writer
// killed mid-write leaves a usable dict.
#include "poolscope/mp/shared_dict.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "poolscope/mp/process.hpp"
#include "poolscope/util/clock.hpp"
#include "poolscope/util/python_repr.hpp"

namespace {

using poolscope::Process;
using poolscope::SharedDict;

TEST(SharedDict, ChildWritesAreSeenByTheParentInInsertionOrder) {
  SharedDict<int, int> results;
  for (int number : {5, 10, 15}) {
    Process p([](int n, SharedDict<int, int> d) { d[n] = n * 2; }, number, results);
    p.start();
    p.join();
  }
  EXPECT_EQ(poolscope::python_dict_repr(results.items()), "{5: 10, 10: 20, 15: 30}");
  EXPECT_EQ(static_cast<int>(results[10]), 20);
  EXPECT_THROW(static_cast<void>(static_cast<int>(results[11])), std::out_of_range);
}

TEST(SharedDict, FourWritersTimesAThousandKeys) {
  SharedDict<std::string, long> d;
  std::vector<Process> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back(
        [](int writer, SharedDict<std::string, long> dict) {
          for (long k = 0; k < 1000; ++k)
            dict["w" + std::to_string(writer) + "-" + std::to_string(k)] = writer * 10000 + k;
        },
        w, d);
  }
  for (auto& p : writers) p.start();
  for (auto& p : writers) {
    p.join();
    EXPECT_EQ(p.exitcode(), 0);
  }
  ASSERT_EQ(d.size(), 4000u);
  for (int w = 0; w < 4; ++w) {
    for (long k = 0; k < 1000; k += 97)
      EXPECT_EQ(d.get("w" + std::to_string(w) + "-" + std::to_string(k)), w * 10000 + k);
  }
}

TEST(SharedDict, OverwriteEraseAndClear) {
  SharedDict<int, std::string> d;
  d[1] = std::string("one");
  d[2] = std::string("two");
  d[1] = std::string("uno");
  EXPECT_EQ(poolscope::python_dict_repr(d.items()), "{1: 'uno', 2: 'two'}");
  EXPECT_TRUE(d.erase(1));
  EXPECT_FALSE(d.contains(1));
  EXPECT_EQ(d.size(), 1u);
  d.clear();
  EXPECT_TRUE(d.empty());
}

TEST(SharedDict, TooManyKeysIsAClearError) {
  SharedDict<int, int> d(4);
  for (int i = 0; i < 4; ++i) d[i] = i;
  EXPECT_THROW(d[99] = 1, poolscope::InputError);
}

TEST(SharedDict, WriterKilledMidWriteLeavesAUsableDict) {
  SharedDict<long, long> d(1 << 16, std::size_t{64} << 20);
  Process writer(
      [](SharedDict<long, long> dict) {
        for (long i = 0;; ++i) dict[i % 50000] = i;
      },
      d);
  writer.start();
  const auto deadline = poolscope::monotonic_ns() + 5'000'000'000;
  while (d.size() < 1000 && poolscope::monotonic_ns() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  writer.kill();
  writer.join();
  const auto t0 = poolscope::monotonic_ns();
  d[-1] = 7;  // would block forever if the dead writer's lock were not recovered
  EXPECT_EQ(d.get(-1), 7);
  for (const auto& [k, v] : d.items()) {
    if (k >= 0) {
      EXPECT_EQ(v % 50000, k);
    }
  }
  EXPECT_LT(static_cast<double>(poolscope::monotonic_ns() - t0) / 1e9, 2.0);
}

}  // namespace
