// Queue: first in first out across processes, bounds and timeouts, close as end of stream, and a
// consumer killed while waiting does not strand the next one.
#include "poolscope/mp/queue.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "poolscope/mp/process.hpp"
#include "poolscope/mp/shared_array.hpp"
#include "poolscope/util/clock.hpp"

namespace {

using poolscope::Process;
using poolscope::Queue;

double seconds_since(std::int64_t t0) { return static_cast<double>(poolscope::monotonic_ns() - t0) / 1e9; }

TEST(Queue, SeveralProducersKeepTheirOwnOrder) {
  Queue<std::pair<int, int>> q(0, 1 << 12);  // small ring: producers wait for room
  std::vector<Process> producers;
  for (int p = 0; p < 3; ++p) {
    producers.emplace_back(
        [](int id, Queue<std::pair<int, int>> queue) {
          for (int i = 0; i < 500; ++i) queue.put({id, i});
        },
        p, q);
  }
  for (auto& p : producers) p.start();
  std::map<int, int> next;
  for (int n = 0; n < 1500; ++n) {
    const auto [id, i] = q.get(5.0);
    EXPECT_EQ(i, next[id]) << "producer " << id;
    next[id] = i + 1;
  }
  for (auto& p : producers) p.join();
  EXPECT_TRUE(q.empty());
}

TEST(Queue, SeveralConsumersShareTheWork) {
  Queue<int> q;
  poolscope::SharedArray<long> sums(2, 0);
  std::vector<Process> consumers;
  for (int c = 0; c < 2; ++c) {
    consumers.emplace_back(
        [](int id, Queue<int> queue, poolscope::SharedArray<long> s) {
          try {
            for (;;) s[static_cast<std::size_t>(id)] += queue.get(5.0);
          } catch (const poolscope::QueueClosed&) {}
        },
        c, q, sums);
  }
  for (auto& c : consumers) c.start();
  for (int i = 1; i <= 1000; ++i) q.put(i);
  q.close();
  for (auto& c : consumers) {
    c.join();
    EXPECT_EQ(c.exitcode(), 0);
  }
  EXPECT_EQ(sums[0] + sums[1], 1000 * 1001 / 2);
}

TEST(Queue, BoundedPutTimesOutWhenFull) {
  Queue<std::string> q(2);
  q.put("a");
  q.put("b");
  EXPECT_TRUE(q.full());
  EXPECT_THROW(q.put_nowait("c"), poolscope::QueueFull);
  const auto t0 = poolscope::monotonic_ns();
  EXPECT_THROW(q.put("c", 0.15), poolscope::QueueFull);
  EXPECT_NEAR(seconds_since(t0), 0.15, 0.08);
  EXPECT_EQ(q.get(), "a");
  q.put("c");
  EXPECT_EQ(q.get(), "b");
  EXPECT_EQ(q.get(), "c");
}

TEST(Queue, GetTimesOutWhenEmpty) {
  Queue<int> q;
  const auto t0 = poolscope::monotonic_ns();
  EXPECT_THROW(q.get(0.15), poolscope::QueueEmpty);
  EXPECT_NEAR(seconds_since(t0), 0.15, 0.08);
}

TEST(Queue, GetWakesAsSoonAsAnItemArrives) {
  Queue<int> q;
  Process producer(
      [](Queue<int> queue) {
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        queue.put(42);
      },
      q);
  const auto t0 = poolscope::monotonic_ns();
  producer.start();
  EXPECT_EQ(q.get(5.0), 42);
  EXPECT_NEAR(seconds_since(t0), 0.15, 0.08);
  producer.join();
}

TEST(Queue, ClosedQueueHandsOutWhatIsLeftThenEnds) {
  Queue<int> q;
  q.put(1);
  q.close();
  EXPECT_THROW(q.put(2), poolscope::QueueClosed);
  EXPECT_EQ(q.get(), 1);
  EXPECT_THROW(q.get(), poolscope::QueueClosed);
}

TEST(Queue, ConsumerKilledWhileWaitingDoesNotStrandTheNext) {
  Queue<int> q;
  Process victim([](Queue<int> queue) { queue.get(); }, q);
  victim.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let it block inside get()
  victim.kill();
  victim.join();
  Process next(
      [](Queue<int> queue) {
        if (queue.get(3.0) != 7) throw std::runtime_error("wrong item");
      },
      q);
  next.start();
  q.put(7);
  ASSERT_TRUE(next.join(5.0));
  EXPECT_EQ(next.exitcode(), 0);
}

TEST(Queue, TooLargeItemIsAClearError) {
  Queue<std::string> q(0, 64);
  EXPECT_THROW(q.put(std::string(100, 'x')), poolscope::InputError);
}

}  // namespace
