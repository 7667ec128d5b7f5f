// The caller-side bookkeeping of a job: the recycling queue of chunk slots and the per-task columns, which
// both wrap around and grow while a long imap streams through them.
#include <gtest/gtest.h>

#include <cstdint>
#include <climits>
#include <string>
#include <utility>

#include "poolscope/pool/detail/chunk_results.hpp"
#include "poolscope/pool/detail/recycling_queue.hpp"

using namespace poolscope::detail;

TEST(RecyclingQueue, KeepsOrderAcrossBlocksAndReusesThem) {
  RecyclingQueue<std::string> q;
  std::uint64_t pushed = 0;
  std::uint64_t popped = 0;
  // Push ahead of popping by a varying distance, through many blocks.
  for (int round = 0; round < 40; ++round) {
    for (int i = 0; i < 300; ++i) q.push_back_recycled() = std::to_string(pushed++);
    for (int i = 0; i < 280 && !q.empty(); ++i) {
      ASSERT_EQ(q.front(), std::to_string(popped)) << "round " << round;
      q.pop_front();
      ++popped;
    }
    ASSERT_EQ(q.size(), pushed - popped);
    ASSERT_EQ(q[q.size() - 1], std::to_string(pushed - 1));
  }
  const std::size_t capacity = q.capacity();
  EXPECT_LT(capacity, 4 * (pushed - popped) + 4 * RecyclingQueue<std::string>::kBlock)
      << "popped blocks are reused, not kept growing";
  q.clear();
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.capacity(), capacity) << "clear keeps the blocks";
  RecyclingQueue<std::string> other = std::move(q);
  EXPECT_EQ(other.capacity(), capacity);
  EXPECT_EQ(q.capacity(), 0u);
  EXPECT_TRUE(q.empty());
  q.push_back("again");
  EXPECT_EQ(q.front(), "again");
}

TEST(TaskColumns, KeepEveryTaskWhileTheRingWrapsAndGrows) {
  TaskColumns t;
  std::uint64_t low = 0;
  // Every seventh input's text is too long to be kept in place.
  auto text_of = [](std::uint64_t i) {
    return i % 7 == 0 ? std::string(40, static_cast<char>('a' + i % 26)) : std::to_string(i);
  };
  for (std::uint64_t high = 0; high < 5000;) {
    // Add a few, stamp them with their index, and forget the oldest now and then.
    const std::uint64_t add = 7 + high % 13;
    t.add(add, true);
    for (std::uint64_t i = high; i < high + add; ++i) {
      t.start_ns[t.at(i)] = static_cast<std::int64_t>(i);
      t.input_repr[t.at(i)].assign(text_of(i));
    }
    high += add;
    if (high % 3 == 0) {
      low += (high - low) / 2;
      t.drop_below(low);
    }
    for (std::uint64_t i = low; i < high; ++i) {
      ASSERT_EQ(t.start_ns[t.at(i)], static_cast<std::int64_t>(i)) << "task " << i;
      ASSERT_EQ(t.input_repr[t.at(i)].view(), text_of(i)) << "task " << i;
      ASSERT_EQ(t.emit_order[t.at(i)], -1) << "task " << i;
    }
    ASSERT_EQ(t.low(), low);
    ASSERT_EQ(t.high(), high);
  }
  EXPECT_LT(t.capacity(), 4 * (t.high() - t.low()) + 64) << "the ring does not grow with the whole stream";
}

TEST(ReprText, IntegersAreWrittenAsToStringWritesThem) {
  ReprText r;
  for (const std::int64_t v : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{42}, INT64_MIN, INT64_MAX}) {
    r.assign_integer(v);
    EXPECT_EQ(r.view(), std::to_string(v));
  }
  r.assign_integer(UINT64_MAX);
  EXPECT_EQ(r.view(), std::to_string(UINT64_MAX));
}

TEST(ReprText, ShortAndLongTextSurviveCopyMoveAndSwap) {
  const std::string long_text(1000, 'x');
  ReprText a;
  ReprText b;
  a.assign("\"short\"");
  b.assign(long_text);
  ReprText c = b;  // a copy owns its own bytes
  b.assign("7");
  EXPECT_EQ(c.view(), long_text);
  a.swap(c);
  EXPECT_EQ(a.view(), long_text);
  EXPECT_EQ(c.view(), "\"short\"");
  ReprText d = std::move(a);
  EXPECT_EQ(d.view(), long_text);
  d.assign_integer(5);  // back in place: the heap bytes are let go
  EXPECT_EQ(d.view(), "5");
  d.clear();
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(b.view(), "7");
}

TEST(ReprText, TextTooLongForASnapshotIsKeptAsItsSize) {
  ReprText r;
  const char byte = '[';
  const std::string_view huge(&byte, std::size_t{5} << 30);  // never read: only its size is
  r.assign(huge);
  EXPECT_EQ(r.view(), "\"<5368709120 bytes of JSON, too long to trace>\"");
}
