// What a caller of Pool sees: result order of map / imap / imap_unordered, chunking, apply_async,
// starmap, values of several types crossing processes, the trace records and the worker processes.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <ranges>
#include <string>
#include <tuple>
#include <vector>

#include "pool_test_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace {

using namespace poolscope;
using namespace pool_test;

std::string shout(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s + "!";
}
std::vector<double> halves(std::vector<int> v) {
  std::vector<double> out;
  for (int x : v) out.push_back(x / 2.0);
  return out;
}
long add3(int a, long b, short c) { return a + b + c; }

std::vector<int> iota(int n) {
  std::vector<int> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  return v;
}

TEST(PoolSemantics, MapReturnsResultsInInputOrderForEveryChunksize) {
  Pool pool(3);
  std::vector<int> expected;
  for (int x : iota(100)) expected.push_back(2 * x);
  for (int chunksize : {0, 1, 3, 7, 100, 1000}) {
    EXPECT_EQ(pool.map(twice, iota(100), chunksize), expected) << "chunksize " << chunksize;
  }
  EXPECT_TRUE(pool.map(twice, std::vector<int>{}).empty());
}

TEST(PoolSemantics, MapDefaultChunksizeIsPythons) {
  Pool pool(3);
  pool.map(twice, iota(25));  // ceil(25 / 12) = 3
  const auto& records = pool.last_records();
  ASSERT_EQ(records.size(), 25u);
  EXPECT_EQ(records[2].chunk, 0u);
  EXPECT_EQ(records[3].chunk, 1u);
  EXPECT_EQ(records[24].chunk, 8u);
}

TEST(PoolSemantics, ImapKeepsInputOrderImapUnorderedDoesNot) {
  Pool pool(3);
  for (int chunksize : {1, 4}) {
    // Early inputs are slow, so completion order is the reverse of input order.
    std::vector<Timed> inputs;
    for (int i = 0; i < 8; ++i) inputs.emplace_back(i, 20 * (8 - i));
    std::vector<int> ordered;
    for (int r : pool.imap(sleep_double, inputs, chunksize)) ordered.push_back(r);
    EXPECT_EQ(ordered, (std::vector<int>{0, 2, 4, 6, 8, 10, 12, 14})) << "chunksize " << chunksize;

    std::vector<int> unordered;
    for (int r : pool.imap_unordered(sleep_double, inputs, chunksize)) unordered.push_back(r);
    auto sorted = unordered;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, ordered);
    EXPECT_NE(unordered, ordered) << "chunksize " << chunksize;
    if (chunksize == 4) {
      // Chunks stay together: the second chunk (faster tasks) comes back first, in its own order.
      EXPECT_EQ(unordered, (std::vector<int>{8, 10, 12, 14, 0, 2, 4, 6}));
    }
  }
}

TEST(PoolSemantics, ImapReadsALazyRangeAndBoundsTasksInFlight) {
  PoolOptions options;
  options.trace = false;
  Pool pool(2, options);
  const int n = 20000;
  long sum = 0;
  std::int64_t index = 0;
  std::int64_t reads = 0;
  std::int64_t most_ahead = 0;
  auto counted = std::views::iota(0, n) | std::views::transform([&reads](int i) {
                   ++reads;
                   return i;
                 });
  auto it = pool.imap(twice, counted, 1, /*max_in_flight=*/64);
  while (auto r = it.next()) {
    most_ahead = std::max(most_ahead, reads - index);
    EXPECT_EQ(*r, 2 * index);
    EXPECT_EQ(it.record().emit_order, index);
    ++index;
    sum += *r;
  }
  EXPECT_EQ(index, n);
  EXPECT_EQ(sum, static_cast<long>(n) * (n - 1));
  EXPECT_LE(most_ahead, 64) << "the input is read no further ahead than the bound";
  EXPECT_GT(most_ahead, 1) << "workers were kept busy ahead of the caller";
}

TEST(PoolSemantics, ValuesOfSeveralTypesCrossProcesses) {
  Pool pool(2);
  EXPECT_EQ(pool.map(shout, std::vector<std::string>{"hello", "", "world"}),
            (std::vector<std::string>{"HELLO!", "!", "WORLD!"}));
  const auto h = pool.map(halves, std::vector<std::vector<int>>{{1, 2}, {}, {7}});
  EXPECT_EQ(h, (std::vector<std::vector<double>>{{0.5, 1.0}, {}, {3.5}}));
  const std::string big(3 << 20, 'x');
  EXPECT_EQ(pool.apply(shout, big).size(), big.size() + 1);
  EXPECT_EQ(pool.map([](int x) { return x * 3; }, {1, 2, 3}), (std::vector<int>{3, 6, 9}));
}

std::string kilobytes(int n) { return std::string(static_cast<std::size_t>(n) * 1024, 'k'); }

TEST(PoolSemantics, ManyResultsAndOnesLargerThanTheBufferStreamThroughIt) {
  PoolOptions options;
  options.result_bytes = 64 * 1024;
  Pool pool(2, options);
  // Many results that together overflow the 64 KiB ring: workers wait for the caller to drain it.
  const auto sizes = std::vector<int>(50, 40);
  const auto results = pool.map(kilobytes, sizes, 1);
  ASSERT_EQ(results.size(), 50u);
  for (const auto& r : results) EXPECT_EQ(r.size(), 40u * 1024);
  // One result larger than the whole ring comes in parts.
  EXPECT_EQ(pool.apply(kilobytes, 100).size(), 100u * 1024);
  EXPECT_EQ(pool.apply(kilobytes, 1).size(), 1024u);
}

TEST(PoolSemantics, StarmapAndApplyAsyncTakeSeveralArguments) {
  Pool pool(2);
  std::vector<std::tuple<int, long, short>> args{{1, 2, 3}, {10, 20, 30}};
  EXPECT_EQ(pool.starmap(add3, args), (std::vector<long>{6, 60}));
  auto a = pool.apply_async(add3, 1, 2L, static_cast<short>(3));
  auto b = pool.apply_async(sleep_double, Timed{21, 50});
  EXPECT_FALSE(b.ready());
  EXPECT_EQ(a.get(), 6);
  EXPECT_EQ(a.get(), 6) << "get() can be called again";
  EXPECT_TRUE(b.wait_for(2.0));
  EXPECT_EQ(b.get(), 42);
  EXPECT_GT(b.record().finish_ns - b.record().start_ns, 40'000'000);
}

TEST(PoolSemantics, RecordsCarryTimestampsWorkersAndJsonValues) {
  BufferedSink sink;
  PoolOptions options;
  options.sink = &sink;
  Pool pool(2, options);
  const auto t0 = monotonic_ns();
  pool.map(shout, std::vector<std::string>{"a", "b", "c"}, 1);
  const auto workers = pool.worker_processes();
  const auto published = sink.drain();
  const auto& records = pool.last_records();
  ASSERT_EQ(records.size(), 3u);
  for (const auto& r : records) {
    EXPECT_EQ(r.status, TaskStatus::ok);
    EXPECT_LE(t0, r.submit_ns);
    EXPECT_LE(r.submit_ns, r.start_ns);
    EXPECT_LE(r.start_ns, r.finish_ns);
    EXPECT_LE(r.finish_ns, r.emit_ns);
    EXPECT_GE(r.worker, 1);
    EXPECT_LE(r.worker, 2);
    EXPECT_EQ(r.pid, workers[static_cast<std::size_t>(r.worker - 1)].pid);
  }
  EXPECT_EQ(records[1].input, "\"b\"");
  EXPECT_EQ(records[1].result, "\"B!\"");
  // The sink saw each task finish and reach the caller (a start it saw only if the task was still running
  // when the pool looked: a quick task's start and finish arrive as one snapshot).
  for (std::uint64_t i = 0; i < 3; ++i) {
    std::vector<TaskStatus> seen;
    bool emitted = false;
    for (const auto& r : published) {
      if (r.index != i) continue;
      seen.push_back(r.status);
      emitted |= r.emit_order >= 0;
      EXPECT_GT(r.start_ns, 0) << "task " << i;
    }
    EXPECT_NE(std::find(seen.begin(), seen.end(), TaskStatus::ok), seen.end()) << "task " << i;
    EXPECT_TRUE(emitted) << "task " << i;
  }
}

TEST(PoolSemantics, SinkSeesTasksStartWhileMapIsStillWaiting) {
  BufferedSink sink;
  PoolOptions options;
  options.sink = &sink;
  Pool pool(2, options);
  auto slow = pool.apply_async(sleep_double, Timed{1, 300});
  const auto deadline = monotonic_ns() + 250'000'000;
  bool started = false;
  while (!started && monotonic_ns() < deadline) {
    slow.wait_for(0.01);
    for (const auto& r : sink.drain()) started |= r.status == TaskStatus::running;
  }
  EXPECT_TRUE(started) << "the start of a running task reaches the sink before it finishes";
  EXPECT_EQ(slow.get(), 2);
}

TEST(PoolSemantics, WorkersAreNamedAfterTheirId) {
  Pool pool(3);
  const auto workers = pool.worker_processes();
  ASSERT_EQ(workers.size(), 3u);
  for (const auto& w : workers) EXPECT_EQ(comm_of(w.pid), "Worker-" + std::to_string(w.worker));
}

TEST(PoolSemantics, CloseThenJoinFinishesQueuedWorkAndEndsWorkers) {
  Pool pool(2);
  auto it = pool.imap(sleep_double, timed({1, 2, 3, 4}, {30, 30, 30, 30}));
  EXPECT_EQ(it.next(), 2);
  pool.close();
  EXPECT_THROW(pool.map(twice, {1}), std::logic_error);
  std::vector<int> rest;
  for (int r : it) rest.push_back(r);
  EXPECT_EQ(rest, (std::vector<int>{4, 6, 8}));
  pool.join();
  EXPECT_TRUE(pool.worker_processes().empty());
  EXPECT_TRUE(children_after(2.0).empty());
}

TEST(PoolSemantics, JoinFinishesABoundedImapNobodyConsumes) {
  Pool pool(2);
  auto it = pool.imap(twice, iota(100), 1, /*max_in_flight=*/4);
  pool.close();
  pool.join();
  int n = 0;
  for (int r : it) EXPECT_EQ(r, 2 * n++);
  EXPECT_EQ(n, 100);
}

TEST(PoolSemantics, DroppingAnUnfinishedImapIsClean) {
  Pool pool(2);
  {
    auto it = pool.imap(twice, std::views::iota(0));  // endless input
    EXPECT_EQ(it.next(), 0);
    EXPECT_EQ(it.next(), 2);
  }
  EXPECT_EQ(pool.map(twice, {5}), (std::vector<int>{10}));
}

}  // namespace
