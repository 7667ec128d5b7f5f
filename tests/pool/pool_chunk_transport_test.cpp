// A chunk travels as one unit: one report at its end (with every task's start and finish stamped by the
// worker), yet a traced run still shows long tasks start and finish inside their chunk, and a worker that
// dies mid-chunk is reported task by task.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <ranges>
#include <stdexcept>
#include <string>
#include <vector>

#include "pool/pool_test_support.hpp"
#include "poolscope/pool/pool.hpp"
#include "poolscope/util/clock.hpp"

using namespace poolscope;
using namespace pool_test;

namespace {

// Keeps every snapshot with the moment the pool published it.
class StampedSink final : public TraceSink {
 public:
  struct Seen {
    std::int64_t at = 0;
    TaskRecord record;
  };
  void publish(std::span<const TaskRecord> changed) override {
    const auto now = monotonic_ns();
    const std::lock_guard lock(mutex_);
    for (const TaskRecord& r : changed) seen_.push_back({now, r});
  }
  // When the pool first published task `index` with `status`; 0 if never.
  std::int64_t first(std::uint64_t index, TaskStatus status) {
    const std::lock_guard lock(mutex_);
    for (const Seen& s : seen_) {
      if (s.record.index == index && s.record.status == status) return s.at;
    }
    return 0;
  }

 private:
  std::mutex mutex_;
  std::vector<Seen> seen_;
};

int crash_second(Timed t) {
  if (t.first == 2) raise(SIGKILL);
  return sleep_double(t);
}

}  // namespace

TEST(ChunkTransport, TracedChunkShowsItsLongTasksStartAndFinishBeforeTheChunkEnds) {
  StampedSink sink;
  PoolOptions options;
  options.sink = &sink;
  Pool pool(1, options);
  // One chunk of three 150 ms tasks: its results reach the caller together, at its end.
  auto it = pool.imap(sleep_double, timed({1, 2, 3}, {150, 150, 150}), 3);
  ASSERT_EQ(it.next(), 2);
  const TaskRecord first = it.record();
  ASSERT_EQ(it.next(), 4);
  const TaskRecord second = it.record();
  ASSERT_EQ(it.next(), 6);
  const TaskRecord third = it.record();
  EXPECT_EQ(first.chunk, third.chunk) << "one chunk";
  EXPECT_GE(first.emit_ns, third.finish_ns) << "a chunk's results are handed over together";

  const auto first_ok = sink.first(0, TaskStatus::ok);
  const auto second_running = sink.first(1, TaskStatus::running);
  ASSERT_GT(first_ok, 0);
  ASSERT_GT(second_running, 0) << "the task running inside the chunk is shown running";
  EXPECT_LT(first_ok, third.start_ns) << "the first task's finish is published while the chunk still runs";
  EXPECT_LT(second_running, second.finish_ns) << "the second task is shown running before it finishes";
  pool.close();
  pool.join();
}

TEST(ChunkTransport, UntracedChunkStillStampsEveryTaskInTheWorker) {
  PoolOptions options;
  options.trace = false;
  Pool pool(2, options);
  const auto inputs = timed({1, 2, 3, 4, 5, 6, 7, 8}, {100, 100, 100, 100, 100, 100, 100, 100});
  const auto results = pool.map(sleep_double, inputs, 4);
  ASSERT_EQ(results, (std::vector<int>{2, 4, 6, 8, 10, 12, 14, 16}));
  const auto& records = pool.last_records();
  ASSERT_EQ(records.size(), 8u);
  for (std::size_t i = 0; i < records.size(); ++i) {
    const TaskRecord& r = records[i];
    EXPECT_EQ(r.status, TaskStatus::ok) << i;
    EXPECT_EQ(r.chunk, i / 4) << i;
    EXPECT_TRUE(r.input.empty() && r.result.empty()) << "no text without tracing";
    EXPECT_NEAR(static_cast<double>(r.finish_ns - r.start_ns) / 1e6, 100.0, 80.0) << i;
    if (i % 4 != 0) {
      EXPECT_EQ(r.worker, records[i - 1].worker) << "a chunk runs on one worker";
      EXPECT_GE(r.start_ns, records[i - 1].finish_ns) << "tasks of a chunk run one after the other";
    }
  }
}

TEST(ChunkTransport, WorkerDeathMidChunkIsReportedTaskByTask) {
  for (const bool trace : {false, true}) {
    SCOPED_TRACE(trace ? "traced" : "untraced");
    PoolOptions options;
    options.trace = trace;
    Pool pool(1, options);
    EXPECT_THROW(pool.map(crash_second, timed({1, 2, 3}, {150, 0, 150}), 3), WorkerCrashed);
    const auto records = pool.last_records();
    ASSERT_EQ(records.size(), 3u);
    if (trace) {
      // Traced, a long task is reported as it finishes: its result got out before the worker died.
      EXPECT_EQ(records[0].status, TaskStatus::ok);
    } else {
      EXPECT_EQ(records[0].status, TaskStatus::crashed);
      EXPECT_NE(records[0].message.find("after this task of its chunk finished"), std::string::npos)
          << records[0].message;
    }
    EXPECT_EQ(records[1].status, TaskStatus::crashed);
    EXPECT_NE(records[1].message.find("SIGKILL"), std::string::npos) << records[1].message;
    EXPECT_EQ(records[1].message.find("this task of its chunk"), std::string::npos) << records[1].message;
    EXPECT_EQ(records[2].status, TaskStatus::crashed);
    EXPECT_NE(records[2].message.find("before this task of its chunk started"), std::string::npos)
        << records[2].message;
    // The pool goes on with a new worker.
    EXPECT_EQ(pool.map(twice, {1, 2, 3}), (std::vector<int>{2, 4, 6}));
  }
}

TEST(ChunkTransport, MapOfAGeneratedRangeReadsItFirstAndThrowsWhatItThrew) {
  Pool pool(2);
  int reads = 0;
  auto inputs = std::views::iota(0, 1000) | std::views::transform([&reads](int i) {
                  ++reads;
                  if (i == 700) throw std::invalid_argument("input 700 is unreadable");
                  return i;
                });
  try {
    pool.map(twice, inputs, 10);
    FAIL() << "the input's exception comes out of map";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "input 700 is unreadable");
  }
  EXPECT_EQ(reads, 701) << "nothing is read after the input that threw";
  // The same pool maps again, and the default chunksize comes from the number of inputs.
  const auto results = pool.map(twice, std::views::iota(0, 100));
  ASSERT_EQ(results.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(results[static_cast<std::size_t>(i)], 2 * i);
  EXPECT_EQ(pool.last_records().back().chunk, 99u / 13u) << "ceil(100 / (4 x 2)) = 13 tasks per chunk";
}

// An input held in a vector that notes when the pool reads it (its conversion to the task's argument).
struct NotedInput {
  int value = 0;
  operator int() const {  // NOLINT: implicit on purpose, the pool converts inputs with static_cast
    sleep_until_ns(monotonic_ns() + 20'000);
    last_read_ns = monotonic_ns();
    return value;
  }
  static inline std::int64_t last_read_ns = 0;
};

TEST(ChunkTransport, MapOfAVectorIsReadWhileTheWorkersRun) {
  // A vector is already in memory (a Python list): map takes its length and publishes chunks as it encodes
  // them, so the workers start before the last input is read. A generated range is read in full first.
  Pool pool(2);
  std::vector<NotedInput> inputs(1000);
  for (int i = 0; i < 1000; ++i) inputs[static_cast<std::size_t>(i)].value = i;
  const auto results = pool.map(twice, inputs, 10);
  ASSERT_EQ(results.size(), 1000u);
  EXPECT_EQ(results.back(), 2 * 999);
  const auto& records = pool.last_records();
  EXPECT_LT(records.front().start_ns, NotedInput::last_read_ns)
      << "the first task ran while later inputs were still being read";

  // The same inputs behind a transform are read before any task runs.
  const auto generated = pool.map(twice, inputs | std::views::transform([](const NotedInput& n) { return n; }), 10);
  ASSERT_EQ(generated.size(), 1000u);
  EXPECT_GT(pool.last_records().front().start_ns, NotedInput::last_read_ns);
}

TEST(ChunkTransport, LargeChunksOfLargeResultsArriveWhole) {
  // A chunk's report is sent in pieces when it grows large; every result must still arrive intact.
  Pool pool(2);
  std::vector<int> inputs(2000);
  for (int i = 0; i < 2000; ++i) inputs[static_cast<std::size_t>(i)] = i;
  const auto results = pool.map(
      +[](int x) { return std::string(1000, static_cast<char>('a' + x % 26)); }, inputs, 500);
  ASSERT_EQ(results.size(), 2000u);
  for (int i = 0; i < 2000; ++i) {
    EXPECT_EQ(results[static_cast<std::size_t>(i)], std::string(1000, static_cast<char>('a' + i % 26))) << i;
  }
}

TEST(ChunkTransport, LastRecordsStaysTheSameVectorFromMapToMap) {
  // The records are built from the run's columns on first use; a reference taken before the next map sees
  // that map's records, as it did when the pool filled the vector itself.
  Pool pool(2);
  pool.map(twice, {1, 2, 3});
  const std::vector<TaskRecord>& records = pool.last_records();
  ASSERT_EQ(records.size(), 3u);
  pool.map(twice, {4, 5, 6, 7, 8});
  EXPECT_EQ(&records, &pool.last_records());
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(records[4].index, 4u);
  EXPECT_EQ(records[4].status, TaskStatus::ok);
}

TEST(ChunkTransport, TracedChunksLargerThanOneReadKeepEveryInputsText) {
  // A traced pool writes each input's JSON text into its task's column a few thousand at a time: chunks of
  // 10,000 tasks take several reads each, and the columns' ring wraps between them (imap holds only the
  // tasks in flight). A chunksize far larger than the input sizes nothing by the chunksize.
  BufferedSink sink;
  PoolOptions options;
  options.sink = &sink;
  Pool pool(2, options);
  std::vector<int> inputs(25'000);
  for (std::size_t i = 0; i < inputs.size(); ++i) inputs[i] = static_cast<int>(i) - 1000;
  auto it = pool.imap(twice, inputs, 10'000);
  std::size_t n = 0;
  while (auto r = it.next()) {
    ASSERT_EQ(*r, 2 * inputs[n]);
    ASSERT_EQ(it.record().input, std::to_string(inputs[n])) << "task " << n;
    ASSERT_EQ(it.record().result, std::to_string(2 * inputs[n])) << "task " << n;
    ++n;
  }
  EXPECT_EQ(n, inputs.size());
  std::vector<bool> emitted(inputs.size(), false);
  for (auto& batch : sink.drain_snapshots()) {
    for (const TaskSnapshot& s : batch.snapshots()) {
      ASSERT_LT(s.index, inputs.size());
      ASSERT_EQ(batch.input(s), std::to_string(inputs[s.index])) << "task " << s.index;
      if (s.emit_order >= 0) emitted[s.index] = true;
    }
  }
  EXPECT_EQ(std::count(emitted.begin(), emitted.end(), true), static_cast<std::ptrdiff_t>(inputs.size()))
      << "the sink saw every task handed over";

  const auto few = pool.map(twice, std::vector<int>{4, 5, 6}, 100'000'000);
  EXPECT_EQ(few, (std::vector<int>{8, 10, 12}));
  auto small = pool.imap(twice, std::vector<int>{7, 8}, 100'000'000);
  EXPECT_EQ(small.next(), 14);
  EXPECT_EQ(small.record().input, "7");
  EXPECT_EQ(small.next(), 16);
  EXPECT_FALSE(small.next());
}
