// What the caller receives when tasks fail, and the API's edges, as CPython's multiprocessing.Pool has
// them (each case was checked against python3): map raises the first exception to arrive and hands over
// nothing; a chunk is one unit; imap / imap_unordered with chunksize > 1 end at a chunk's exception.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "pool_test_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace {

using namespace poolscope;
using namespace pool_test;

// Sleeps the milliseconds given; a negative input raises after it.
int sleep_or_raise(Timed t) {
  sleep_until_ns(monotonic_ns() + std::int64_t{t.second} * 1'000'000);
  if (t.first < 0) throw std::runtime_error("input " + std::to_string(t.first) + " refused");
  return 2 * t.first;
}

TEST(PoolPythonErrors, MapRaisesTheExceptionThatArrivesFirstNotTheLowestIndex) {
  Pool pool(2);
  // Worker-1: task 0 raises at 0.3 s. Worker-2: task 1 at once, then task 2 raises at 0.1 s.
  const auto inputs = timed({-1, 1, -3}, {300, 0, 100});
  try {
    pool.map(sleep_or_raise, inputs, 1);
    FAIL() << "map should raise";
  } catch (const TaskError& e) {
    EXPECT_EQ(e.index(), 2u);
    EXPECT_STREQ(e.what(), "input -3 refused");
  }
  const auto& records = pool.last_records();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].status, TaskStatus::error);
  EXPECT_EQ(records[0].emit_order, -1);
  EXPECT_EQ(records[1].status, TaskStatus::ok);
  EXPECT_EQ(records[1].emit_order, -1) << "a map that raises hands over no result";
  EXPECT_EQ(records[2].emit_order, 0);
}

TEST(PoolPythonErrors, ImapWithChunksEndsAtTheFailedChunk) {
  Pool pool(2);
  auto it = pool.imap(raise_on_13, {11, 12, 13, 14, 15, 16}, 2);
  EXPECT_EQ(it.next(), 22);
  EXPECT_EQ(it.next(), 24);
  try {
    it.next();
    FAIL() << "the chunk (13, 14) should raise";
  } catch (const TaskError& e) {
    EXPECT_EQ(e.index(), 2u);
  }
  EXPECT_EQ(it.next(), std::nullopt) << "Python's generator over chunks is finished";
}

TEST(PoolPythonErrors, ImapUnorderedWithChunksEndsAtTheFirstFailedChunkToFinish) {
  Pool pool(2);
  // Chunk (0, 1) takes 0.4 s on Worker-1; chunk (2, 3) fails at once on Worker-2.
  auto it = pool.imap_unordered(sleep_or_raise, timed({1, 2, -3, 4}, {200, 200, 0, 0}), 2);
  const auto t0 = monotonic_ns();
  EXPECT_THROW(it.next(), TaskError);
  EXPECT_LT(seconds_since(t0), 0.15) << "the failed chunk finished first";
  EXPECT_EQ(it.next(), std::nullopt);
}

TEST(PoolPythonErrors, ChunksizeOneRaisesAtThePositionAndGoesOnInBothImaps) {
  Pool pool(2);
  std::vector<std::string> got;
  auto it = pool.imap_unordered(sleep_or_raise, timed({1, -2, 3}, {0, 100, 200}));
  for (;;) {
    try {
      const auto r = it.next();
      if (!r) break;
      got.push_back(std::to_string(*r));
    } catch (const TaskError& e) {
      got.push_back("raise " + std::to_string(e.index()));
    }
  }
  EXPECT_EQ(got, (std::vector<std::string>{"2", "raise 1", "6"}));
}

TEST(PoolPythonErrors, TheLoopEndsButTheRemainingTasksStillRun) {
  Pool pool(1);
  auto it = pool.imap(sleep_or_raise, timed({-1, 2, 3, 4}, {0, 0, 100, 100}), 2);
  EXPECT_THROW(it.next(), TaskError);
  EXPECT_EQ(it.next(), std::nullopt);
  pool.close();
  const auto t0 = monotonic_ns();
  pool.join();
  EXPECT_GT(seconds_since(t0), 0.12) << "join waited for the chunk (3, 4) that nobody receives";
}

TEST(PoolPythonErrors, ProcessesBelowOneAreRefusedAndPoolUsesTheCores) {
  EXPECT_THROW(Pool(0), std::invalid_argument);
  EXPECT_THROW(Pool(-1), std::invalid_argument);
  Pool pool;
  EXPECT_EQ(pool.processes(), static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN)));
}

TEST(PoolPythonErrors, ChunksizeBelowOneIsRefused) {
  Pool pool(1);
  EXPECT_THROW(pool.imap(twice, {1, 2}, 0), std::invalid_argument);
  EXPECT_THROW(pool.imap_unordered(twice, {1, 2}, -1), std::invalid_argument);
  EXPECT_THROW(pool.map(twice, {1, 2}, -1), std::invalid_argument);
  EXPECT_EQ(pool.map(twice, {1, 2}, 0), (std::vector<int>{2, 4})) << "map's 0 is Python's None: the default";
}

TEST(PoolPythonErrors, JoinOnARunningPoolIsRefused) {
  Pool pool(1);
  EXPECT_THROW(pool.join(), std::logic_error);
  pool.close();
  pool.join();
  EXPECT_TRUE(pool.worker_processes().empty());
}

TEST(PoolPythonErrors, ANegativeTimeoutIsZero) {
  Pool pool(1);
  auto r = pool.apply_async(sleep_double, Timed{1, 300});
  const auto t0 = monotonic_ns();
  EXPECT_FALSE(r.wait_for(-1));
  EXPECT_LT(seconds_since(t0), 0.1);
  EXPECT_EQ(r.get(), 2);
}

}  // namespace
