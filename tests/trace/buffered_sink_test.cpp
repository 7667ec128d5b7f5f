// BufferedSink between the pool's thread and a reader: batches come out whole and in order, and the
// vectors a reader gives back are what the pool fills next.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "poolscope/trace/trace_sink.hpp"

using namespace poolscope;

namespace {

std::vector<TaskRecord> batch_of(std::uint64_t first, std::size_t n) {
  std::vector<TaskRecord> batch(n);
  for (std::size_t i = 0; i < n; ++i) {
    batch[i].index = first + i;
    batch[i].input = std::to_string(first + i);
  }
  return batch;
}

}  // namespace

TEST(BufferedSink, DrainsEveryBatchInPublicationOrder) {
  BufferedSink sink;
  auto a = batch_of(0, 3);
  auto b = batch_of(5, 1);
  sink.publish_batch(a);
  EXPECT_TRUE(a.empty()) << "the sink takes the batch";
  sink.publish(batch_of(3, 2));
  sink.publish_batch(b);
  const auto all = sink.drain();
  ASSERT_EQ(all.size(), 6u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].index, i);
    EXPECT_EQ(all[i].input, std::to_string(i));
  }
  EXPECT_TRUE(sink.drain().empty());
}

TEST(BufferedSink, DrainsBatchByBatchWithoutJoiningThem) {
  BufferedSink sink;
  auto a = batch_of(0, 4);
  const TaskRecord* first = a.data();
  sink.publish_batch(a);
  sink.publish(batch_of(4, 3));
  const auto batches = sink.drain_batches();
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0].data(), first) << "the pool's batch itself, not a copy";
  ASSERT_EQ(batches[1].size(), 3u);
  EXPECT_EQ(batches[1][0].index, 4u);
  EXPECT_TRUE(sink.drain_batches().empty());
}

TEST(BufferedSink, ARecycledVectorIsWhatThePoolFillsNext) {
  BufferedSink sink;
  auto first = batch_of(0, 1000);
  sink.publish_batch(first);
  auto read = sink.drain();
  ASSERT_EQ(read.size(), 1000u);
  const TaskRecord* storage = read.data();
  sink.recycle(std::move(read));
  auto next = batch_of(1000, 10);
  sink.publish_batch(next);
  EXPECT_TRUE(next.empty());
  EXPECT_GE(next.capacity(), 1000u) << "the batch handed back to the pool has the recycled capacity";
  EXPECT_EQ(next.data(), storage) << "the same memory, not a fresh allocation";
}

TEST(BufferedSink, APublisherAndAReaderOnTwoThreadsLoseNothing) {
  BufferedSink sink;
  constexpr std::uint64_t kTotal = 200'000;
  std::thread pool([&] {
    std::vector<TaskRecord> batch;
    for (std::uint64_t i = 0; i < kTotal; ++i) {
      batch.emplace_back().index = i;
      if (batch.size() == 1000) sink.publish_batch(batch);
    }
    sink.publish_batch(batch);
  });
  std::uint64_t expected = 0;
  while (expected < kTotal) {
    auto got = sink.drain();
    for (const TaskRecord& r : got) ASSERT_EQ(r.index, expected++);
    sink.recycle(std::move(got));
  }
  pool.join();
  EXPECT_EQ(expected, kTotal);
}
