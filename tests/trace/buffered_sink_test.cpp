// BufferedSink between the pool's thread and a reader: batches come out whole and in order, in compact
// form or as TaskRecords, and the batches a reader gives back are what the pool fills next.
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

SnapshotBatch snapshots_of(std::uint64_t first, std::size_t n) {
  SnapshotBatch batch;
  for (const TaskRecord& r : batch_of(first, n)) batch.append(r);
  return batch;
}

}  // namespace

TEST(BufferedSink, DrainsEveryBatchInPublicationOrderWhicheverWayItCame) {
  BufferedSink sink;
  auto a = batch_of(0, 3);
  auto c = snapshots_of(5, 2);
  sink.publish_batch(a);
  EXPECT_TRUE(a.empty()) << "the sink takes the batch";
  sink.publish(batch_of(3, 2));
  sink.publish_snapshots(c);
  EXPECT_TRUE(c.empty()) << "the sink takes the snapshots";
  const auto all = sink.drain();
  ASSERT_EQ(all.size(), 7u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].index, i);
    EXPECT_EQ(all[i].input, std::to_string(i));
  }
  EXPECT_TRUE(sink.drain().empty());
}

TEST(BufferedSink, DrainsSnapshotsBatchByBatchWithoutCopyingThem) {
  BufferedSink sink;
  auto a = snapshots_of(0, 4);
  const TaskSnapshot* first = a.snapshots().data();
  sink.publish_snapshots(a);
  sink.publish(batch_of(4, 3));
  const auto batches = sink.drain_snapshots();
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0].snapshots().data(), first) << "the pool's batch itself, not a copy";
  ASSERT_EQ(batches[1].size(), 3u);
  EXPECT_EQ(batches[1][0].index, 4u);
  EXPECT_EQ(batches[1].input(batches[1][2]), "6");
  EXPECT_TRUE(sink.drain_snapshots().empty());
}

TEST(BufferedSink, DrainsRecordsBatchByBatch) {
  BufferedSink sink;
  auto a = snapshots_of(0, 4);
  sink.publish_snapshots(a);
  sink.publish(batch_of(4, 3));
  const auto batches = sink.drain_batches();
  ASSERT_EQ(batches.size(), 2u);
  ASSERT_EQ(batches[0].size(), 4u);
  ASSERT_EQ(batches[1].size(), 3u);
  EXPECT_EQ(batches[0][3].input, "3");
  EXPECT_EQ(batches[1][0].index, 4u);
}

TEST(BufferedSink, ARecycledBatchIsWhatThePoolFillsNext) {
  BufferedSink sink;
  auto first = snapshots_of(0, 1000);
  sink.publish_snapshots(first);
  auto read = sink.drain_snapshots();
  ASSERT_EQ(read.size(), 1u);
  const TaskSnapshot* storage = read[0].snapshots().data();
  sink.recycle(std::move(read[0]));
  auto next = snapshots_of(1000, 10);
  sink.publish_snapshots(next);
  EXPECT_TRUE(next.empty());
  EXPECT_GE(next.capacity(), 1000u) << "the batch handed back to the pool has the recycled capacity";
  next.append();
  EXPECT_EQ(next.snapshots().data(), storage) << "the same memory, not a fresh allocation";
}

TEST(BufferedSink, ARecycledRecordVectorIsWhatTheNextDrainFills) {
  BufferedSink sink;
  sink.publish(batch_of(0, 500));
  auto read = sink.drain();
  ASSERT_EQ(read.size(), 500u);
  const TaskRecord* storage = read.data();
  sink.recycle(std::move(read));
  sink.publish(batch_of(500, 20));
  const auto again = sink.drain();
  ASSERT_EQ(again.size(), 20u);
  EXPECT_EQ(again.data(), storage);
  EXPECT_EQ(again[19].input, "519") << "every record is rewritten, none is left from the last drain";
}

TEST(BufferedSink, APublisherAndAReaderOnTwoThreadsLoseNothing) {
  BufferedSink sink;
  constexpr std::uint64_t kTotal = 200'000;
  std::thread pool([&] {
    SnapshotBatch batch;
    for (std::uint64_t i = 0; i < kTotal; ++i) {
      TaskSnapshot& s = batch.append();
      s.index = i;
      const std::string input = std::to_string(i);
      batch.set_text(s, input, {});
      if (batch.size() == 1000) sink.publish_snapshots(batch);
    }
    sink.publish_snapshots(batch);
  });
  std::uint64_t expected = 0;
  while (expected < kTotal) {
    for (auto& batch : sink.drain_snapshots()) {
      for (const TaskSnapshot& s : batch.snapshots()) {
        ASSERT_EQ(s.index, expected);
        ASSERT_EQ(batch.input(s), std::to_string(expected));
        ++expected;
      }
      sink.recycle(std::move(batch));
    }
  }
  pool.join();
  EXPECT_EQ(expected, kTotal);
}
