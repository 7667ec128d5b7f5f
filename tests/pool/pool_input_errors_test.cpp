// An input range that throws, as CPython's Pool treats a task iterable that raises: the caller receives
// the exception after every result before it, never earlier, and the pool stays usable.
#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cpython_pool_cases.hpp"
#include "pool_test_support.hpp"

namespace {

using namespace cpython_pool;
using pool_test::seconds_since;

// Each input takes its value in tens of milliseconds, so results arrive well after the input failed.
int sqr_slowly(int x) {
  sleep_seconds(0.05 * x);
  return x * x;
}

std::vector<std::string> drain(poolscope::ResultIterator<int>& it) {
  std::vector<std::string> got;
  for (;;) {
    try {
      const auto r = it.next();
      if (!r) return got;
      got.push_back(std::to_string(*r));
    } catch (const SayWhenError&) {
      got.push_back("SayWhenError");
    }
  }
}

TEST(PoolInputErrors, BoundedImapHandsOverEveryItemBeforeTheFailingOne) {
  Pool pool(2);
  for (const std::size_t bound : {1u, 2u, 5u}) {
    auto it = pool.imap(sqr, ExceptionThrowingGenerator(10, 4), 1, bound);
    EXPECT_EQ(drain(it), (std::vector<std::string>{"0", "1", "4", "9", "SayWhenError"})) << "bound " << bound;
  }
}

TEST(PoolInputErrors, ImapUnorderedRaisesOnlyAfterTheResultsBeforeIt) {
  // CPython may raise it before results still running (its task handler races the results); PoolScope
  // hands it over at its position: after the results of every input read before it.
  Pool pool(3);
  const auto t0 = poolscope::monotonic_ns();
  auto it = pool.imap_unordered(sqr_slowly, ExceptionThrowingGenerator(10, 3), 1);
  EXPECT_EQ(drain(it), (std::vector<std::string>{"0", "1", "4", "SayWhenError"}));
  EXPECT_NEAR(seconds_since(t0), 0.1, 0.08) << "the slowest task before it took 0.1 s";
}

TEST(PoolInputErrors, ThePoolStaysUsableForEveryKindOfCall) {
  Pool pool(2);
  {
    auto it = pool.imap(sqr, ExceptionThrowingGenerator(10, 3));
    EXPECT_EQ(drain(it), (std::vector<std::string>{"0", "1", "4", "SayWhenError"}));
  }
  {
    // Dropped before its exception was received: the job is forgotten all the same.
    auto it = pool.imap(sqr, ExceptionThrowingGenerator(10, 3));
    EXPECT_EQ(it.next(), 0);
  }
  EXPECT_THROW(pool.map(sqr, ExceptionThrowingGenerator(10, 3)), SayWhenError);
  EXPECT_EQ(pool.map(sqr, range(4)), squares(4));
  EXPECT_EQ(pool.apply(sqr, 7), 49);
  auto it = pool.imap_unordered(sqr, range(3));
  EXPECT_EQ(it.next().has_value(), true);
  pool.close();
  pool.join();
  EXPECT_TRUE(pool.worker_processes().empty());
}

TEST(PoolCallbacks, RunOnTheCallersThreadByJoinWhenNobodyAsked) {
  Pool pool(2);
  std::vector<int> results;
  std::vector<std::string> errors;
  const auto caller = std::this_thread::get_id();
  bool same_thread = true;
  for (int i = 0; i < 5; ++i) {
    pool.apply_async({[&](const int& r) {
                        same_thread &= std::this_thread::get_id() == caller;
                        results.push_back(r);
                      },
                      [&](const std::exception& e) { errors.emplace_back(e.what()); }},
                     sqr_wait, i, 0.05);
  }
  pool.map_async(to_int, std::vector<std::string>{"x"}, 1,
                 {nullptr, [&](const std::exception& e) { errors.emplace_back(e.what()); }});
  EXPECT_TRUE(results.empty()) << "nothing drove the pool yet";
  pool.close();
  pool.join();
  std::sort(results.begin(), results.end());
  EXPECT_EQ(results, (std::vector<int>{0, 1, 4, 9, 16}));
  EXPECT_EQ(errors, std::vector<std::string>{"stoi"});
  EXPECT_TRUE(same_thread);
}

TEST(PoolCallbacks, TheCallbackRunsBeforeGetReturnsAndOnlyOnce) {
  Pool pool(1);
  int calls = 0;
  auto r = pool.map_async(sqr, range(3), 0, {[&](const std::vector<int>& v) { calls += static_cast<int>(v.size()); }});
  EXPECT_EQ(r.get(), squares(3));
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(r.get(), squares(3));
  EXPECT_TRUE(r.successful());
  EXPECT_EQ(calls, 3);
}

}  // namespace
