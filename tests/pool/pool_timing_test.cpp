// The notebook's three timing examples (scaled to 0.1 s units) and the schedule Python's Pool produces:
// when each result reaches the caller, which worker runs which task, and that workers really run in parallel.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "pool_test_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace {

using namespace poolscope;
using namespace pool_test;

constexpr double kTol = 0.080;

struct Emission {
  int value;
  double at;
  TaskRecord record;
};

template <class It> std::vector<Emission> consume(It& it, std::int64_t t0) {
  std::vector<Emission> out;
  while (auto r = it.next()) out.push_back({*r, seconds_since(t0), it.record()});
  return out;
}

// In[12]: map over 5, 10, 20 with 3 s tasks on Pool(3): all results at once, at ~3 s.
TEST(PoolTiming, In12MapHandsEverythingBackAtTheEnd) {
  Pool pool(3);
  const auto t0 = monotonic_ns();
  const auto results = pool.map(sleep_double, timed({5, 10, 20}, {300, 300, 300}));
  const double wall = seconds_since(t0);
  EXPECT_EQ(results, (std::vector<int>{10, 20, 40}));
  EXPECT_NEAR(wall, 0.3, kTol);
  const auto& records = pool.last_records();
  ASSERT_EQ(records.size(), 3u);
  for (const auto& r : records) {
    EXPECT_NEAR(static_cast<double>(r.emit_ns - t0) / 1e9, 0.3, kTol);
    EXPECT_EQ(r.emit_ns, records[0].emit_ns) << "map hands all results over at the same moment";
    EXPECT_EQ(r.status, TaskStatus::ok);
  }
}

// In[14]: imap over 1, 2, 3 taking n s: results in order at 1, 2, 3 s.
TEST(PoolTiming, In14ImapYieldsInInputOrderAsEachIsReady) {
  Pool pool(3);
  const auto t0 = monotonic_ns();
  auto it = pool.imap(sleep_double, timed({1, 2, 3}, {100, 200, 300}));
  const auto got = consume(it, t0);
  ASSERT_EQ(got.size(), 3u);
  const int expected[] = {2, 4, 6};
  const double at[] = {0.1, 0.2, 0.3};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(got[i].value, expected[i]);
    EXPECT_NEAR(got[i].at, at[i], kTol);
  }
  EXPECT_NEAR(seconds_since(t0), 0.3, kTol);
}

// In[15]: imap_unordered over 1, 2, 3 taking 3 - n s: 6 at once, 4 at 1 s, 2 at 2 s.
TEST(PoolTiming, In15ImapUnorderedYieldsInCompletionOrder) {
  Pool pool(3);
  const auto t0 = monotonic_ns();
  auto it = pool.imap_unordered(sleep_double, timed({1, 2, 3}, {200, 100, 0}));
  const auto got = consume(it, t0);
  ASSERT_EQ(got.size(), 3u);
  const int expected[] = {6, 4, 2};
  const double at[] = {0.0, 0.1, 0.2};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(got[i].value, expected[i]);
    EXPECT_NEAR(got[i].at, at[i], kTol);
    EXPECT_EQ(got[i].record.emit_order, i);
  }
  EXPECT_NEAR(seconds_since(t0), 0.2, kTol);
}

TEST(PoolTiming, ThreeWorkersRunThreeTasksInParallel) {
  Pool pool(3);
  const auto t0 = monotonic_ns();
  pool.map(sleep_double, timed({1, 2, 3}, {300, 300, 300}), 1);
  EXPECT_LT(seconds_since(t0), 0.5);
  const auto& records = pool.last_records();
  std::set<int> workers;
  for (const auto& r : records) workers.insert(r.worker);
  EXPECT_EQ(workers.size(), 3u) << "each task ran on its own worker";
}

// A slow first task holds back results of later tasks that finished long before it.
TEST(PoolTiming, ImapHeadOfLineBlocking) {
  Pool pool(2);
  const auto t0 = monotonic_ns();
  auto it = pool.imap(sleep_double, timed({1, 2, 3, 4}, {300, 50, 50, 50}));
  const auto got = consume(it, t0);
  ASSERT_EQ(got.size(), 4u);
  for (const auto& e : got) EXPECT_NEAR(e.at, 0.3, kTol) << "result " << e.value << " waited for task 0";
  for (std::size_t i = 1; i < got.size(); ++i) {
    EXPECT_LT(static_cast<double>(got[i].record.finish_ns - t0) / 1e9, 0.2) << "task " << i << " finished early";
  }
}

// With 2 workers and durations [3,1,1,1] x 0.1 s, Python's schedule: one worker runs task 0 alone, the
// other runs tasks 1, 2, 3 one after the other.
TEST(PoolTiming, WorkersPullTheNextTaskOnlyWhenIdle) {
  Pool pool(2);
  const auto t0 = monotonic_ns();
  auto it = pool.imap_unordered(sleep_double, timed({0, 1, 2, 3}, {300, 100, 100, 100}));
  std::vector<TaskRecord> records(4);
  while (auto r = it.next()) records[it.record().index] = it.record();
  const int slow = records[0].worker;
  for (int i = 1; i < 4; ++i) {
    EXPECT_NE(records[i].worker, slow) << "task " << i << " must not queue behind the slow task";
  }
  EXPECT_EQ(records[1].worker, records[2].worker);
  EXPECT_EQ(records[2].worker, records[3].worker);
  EXPECT_LT(records[1].start_ns, records[2].start_ns);
  EXPECT_LT(records[2].start_ns, records[3].start_ns);
  EXPECT_NEAR(seconds_since(t0), 0.3, kTol);
}

// A chunk's results come back together, when its last task finished.
TEST(PoolTiming, ChunkResultsComeBackTogether) {
  Pool pool(2);
  const auto t0 = monotonic_ns();
  auto it = pool.imap(sleep_double, timed({1, 2, 3, 4}, {100, 100, 100, 100}), 2);
  const auto got = consume(it, t0);
  ASSERT_EQ(got.size(), 4u);
  for (const auto& e : got) EXPECT_NEAR(e.at, 0.2, kTol) << "result " << e.value;
  EXPECT_EQ(got[0].record.chunk, 0u);
  EXPECT_EQ(got[2].record.chunk, 1u);
  EXPECT_EQ(got[0].record.worker, got[1].record.worker);
  EXPECT_NEAR(static_cast<double>(got[0].record.finish_ns - t0) / 1e9, 0.1, kTol) << "finish times stay per task";
}

}  // namespace
