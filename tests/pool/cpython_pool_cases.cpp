// The bodies of CPython's _TestPool cases that use its shared Pool(4); see cpython_pool_cases.hpp.
// Each keeps CPython's inputs, expected values and the position of each exception.
#include "cpython_pool_cases.hpp"

#include <exception>
#include <optional>
#include <variant>

namespace cpython_pool {

using pool_test::seconds_since;
using poolscope::AsyncCallbacks;

void test_apply(Pool& pool) {
  EXPECT_EQ(pool.apply(sqr, 5), sqr(5));
  // papply(sqr, (), {'x': 3}): C++ has no keyword arguments; the argument is passed by position.
  EXPECT_EQ(pool.apply(sqr, 3), sqr(3));
}

void test_map(Pool& pool) {
  EXPECT_EQ(pool.map(sqr, range(10)), squares(10));
  EXPECT_EQ(pool.map(sqr, range(100), 20), squares(100));
}

void test_starmap(Pool& pool) {
  auto tuples = zipped(10);
  EXPECT_EQ(pool.starmap(mul, tuples), starmapped(tuples));
  tuples = zipped(100);
  EXPECT_EQ(pool.starmap(mul, tuples, 20), starmapped(tuples));
}

void test_starmap_async(Pool& pool) {
  const auto tuples = zipped(100);
  EXPECT_EQ(pool.starmap_async(mul, tuples).get(), starmapped(tuples));
}

void test_map_async(Pool& pool) { EXPECT_EQ(pool.map_async(sqr, range(10)).get(), squares(10)); }

void test_map_async_callbacks(Pool& pool) {
  // call_args holds what either callback received: the result list, or the exception.
  std::vector<std::variant<std::vector<int>, std::exception_ptr>> call_args;
  const AsyncCallbacks<std::vector<int>> callbacks{
      [&](const std::vector<int>& r) { call_args.emplace_back(r); },
      [&](const std::exception&) { call_args.emplace_back(std::current_exception()); }};
  pool.map_async(to_int, std::vector<std::string>{"1"}, 0, callbacks).wait();
  ASSERT_EQ(call_args.size(), 1u);
  EXPECT_EQ(std::get<std::vector<int>>(call_args[0]), std::vector<int>{1});
  pool.map_async(to_int, std::vector<std::string>{"a"}, 0, callbacks).wait();
  ASSERT_EQ(call_args.size(), 2u);
  // assertIsInstance(call_args[1], ValueError)
  const auto* error = std::get_if<std::exception_ptr>(&call_args[1]);
  ASSERT_NE(error, nullptr);
  EXPECT_THROW(std::rethrow_exception(*error), std::invalid_argument);
}

void test_map_chunksize(Pool& pool) {
  // map_async(sqr, [], chunksize=1).get(timeout=TIMEOUT1) must not time out.
  EXPECT_EQ(pool.map_async(sqr, std::vector<int>{}, 1).get(kTimeout1), std::vector<int>{})
      << "pool.map_async with chunksize stalled on null list";
}

void test_map_handle_iterable_exception(Pool& pool) {
  // SayWhenError seen at the very first of the iterable
  EXPECT_THROW(pool.map(sqr, ExceptionThrowingGenerator(1, -1), 1), SayWhenError);
  // again, make sure it's reentrant
  EXPECT_THROW(pool.map(sqr, ExceptionThrowingGenerator(1, -1), 1), SayWhenError);
  EXPECT_THROW(pool.map(sqr, ExceptionThrowingGenerator(10, 3), 1), SayWhenError);
  EXPECT_THROW(pool.map(sqr, SpecialIterable(), 1), SayWhenError);
  EXPECT_THROW(pool.map(sqr, SpecialIterable(), 1), SayWhenError);
}

void test_async(Pool& pool) {
  auto res = pool.apply_async(sqr_wait, 7, kTimeout1);
  const auto t0 = poolscope::monotonic_ns();
  EXPECT_EQ(res.get(), 49);
  EXPECT_NEAR(seconds_since(t0), kTimeout1, kTolerance);
}

void test_imap(Pool& pool) {
  {
    auto it = pool.imap(sqr, range(10));
    std::vector<int> all;
    for (int r : it) all.push_back(r);
    EXPECT_EQ(all, squares(10));
  }
  {
    auto it = pool.imap(sqr, range(10));
    for (int i = 0; i < 10; ++i) EXPECT_EQ(it.next(), i * i);
    EXPECT_EQ(it.next(), std::nullopt);  // StopIteration
  }
  {
    auto it = pool.imap(sqr, range(1000), 100);
    for (int i = 0; i < 1000; ++i) EXPECT_EQ(it.next(), i * i);
    EXPECT_EQ(it.next(), std::nullopt);
  }
}

void test_imap_handle_iterable_exception(Pool& pool) {
  // SayWhenError seen at the very first of the iterable
  {
    auto it = pool.imap(sqr, ExceptionThrowingGenerator(1, -1), 1);
    EXPECT_THROW(it.next(), SayWhenError);
  }
  // again, make sure it's reentrant
  {
    auto it = pool.imap(sqr, ExceptionThrowingGenerator(1, -1), 1);
    EXPECT_THROW(it.next(), SayWhenError);
  }
  {
    auto it = pool.imap(sqr, ExceptionThrowingGenerator(10, 3), 1);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(it.next(), i * i);
    EXPECT_THROW(it.next(), SayWhenError);
  }
  // SayWhenError seen at start of problematic chunk's results
  {
    auto it = pool.imap(sqr, ExceptionThrowingGenerator(20, 7), 2);
    for (int i = 0; i < 6; ++i) EXPECT_EQ(it.next(), i * i);
    EXPECT_THROW(it.next(), SayWhenError);
  }
  {
    auto it = pool.imap(sqr, ExceptionThrowingGenerator(20, 7), 4);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(it.next(), i * i);
    EXPECT_THROW(it.next(), SayWhenError);
  }
}

void test_imap_unordered(Pool& pool) {
  {
    auto it = pool.imap_unordered(sqr, range(10));
    std::vector<int> all;
    for (int r : it) all.push_back(r);
    std::sort(all.begin(), all.end());
    EXPECT_EQ(all, squares(10));
  }
  {
    auto it = pool.imap_unordered(sqr, range(1000), 100);
    std::vector<int> all;
    for (int r : it) all.push_back(r);
    std::sort(all.begin(), all.end());
    EXPECT_EQ(all, squares(1000));
  }
}

namespace {
// `with assertRaises(SayWhenError): for i in range(n): value = next(it); assertIn(value, expected); remove`
void expect_values_then_say_when(poolscope::ResultIterator<int>& it, int n) {
  std::vector<int> expected = squares(n);
  EXPECT_THROW(
      {
        for (int i = 0; i < n; ++i) {
          const auto value = it.next();
          ASSERT_TRUE(value.has_value());
          const auto found = std::find(expected.begin(), expected.end(), *value);
          ASSERT_NE(found, expected.end()) << *value;
          expected.erase(found);
        }
      },
      SayWhenError);
}
}  // namespace

void test_imap_unordered_handle_iterable_exception(Pool& pool) {
  {
    auto it = pool.imap_unordered(sqr, ExceptionThrowingGenerator(1, -1), 1);
    EXPECT_THROW(it.next(), SayWhenError);
  }
  {
    auto it = pool.imap_unordered(sqr, ExceptionThrowingGenerator(1, -1), 1);
    EXPECT_THROW(it.next(), SayWhenError);
  }
  {
    auto it = pool.imap_unordered(sqr, ExceptionThrowingGenerator(10, 3), 1);
    expect_values_then_say_when(it, 10);
  }
  {
    auto it = pool.imap_unordered(sqr, ExceptionThrowingGenerator(20, 7), 2);
    expect_values_then_say_when(it, 20);
  }
}

}  // namespace cpython_pool
