// CPython's own Pool tests (Lib/test/_test_multiprocessing.py, class _TestPool), one GoogleTest each with
// CPython's name: on a fresh Pool(4) each, and all of them on one shared Pool(4) in CPython's order.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>

#include "cpython_pool_cases.hpp"

// Not ported (they test Python, not the pool's behaviour):
//   test_map_unplicklable   an argument whose pickling raises: our arguments go through a codec checked
//                           at compile time, so an argument that cannot be encoded does not compile.
//   test_release_task_refs  Python object lifetimes (weakrefs, gc): arguments and results are copied by
//                           value here; the pool keeps no reference to them.
//   test_enter              `with pool:` on a pool no longer running: C++ has no context manager; a Pool's
//                           scope ending terminates it (see test_context).
//   test_resource_warning   ResourceWarning of an unclosed pool in __del__: ~Pool terminates the workers.
// Part of test_traceback (the child's traceback text attached as __cause__) has no C++ counterpart; its
// exception type, message, and the unwrapped SayWhenError from the input are checked.

namespace {

using namespace cpython_pool;
using pool_test::seconds_since;
using poolscope::InvalidArgument;
using poolscope::PoolStopped;
using poolscope::TimeoutError;

#define CPYTHON_SHARED_POOL_CASE(name) \
  TEST(CPythonPool, name) {            \
    Pool pool(4);                      \
    name(pool);                        \
  }

CPYTHON_SHARED_POOL_CASE(test_apply)
CPYTHON_SHARED_POOL_CASE(test_map)
CPYTHON_SHARED_POOL_CASE(test_starmap)
CPYTHON_SHARED_POOL_CASE(test_starmap_async)
CPYTHON_SHARED_POOL_CASE(test_map_async)
CPYTHON_SHARED_POOL_CASE(test_map_async_callbacks)
CPYTHON_SHARED_POOL_CASE(test_map_chunksize)
CPYTHON_SHARED_POOL_CASE(test_map_handle_iterable_exception)
CPYTHON_SHARED_POOL_CASE(test_async)
CPYTHON_SHARED_POOL_CASE(test_imap)
CPYTHON_SHARED_POOL_CASE(test_imap_handle_iterable_exception)
CPYTHON_SHARED_POOL_CASE(test_imap_unordered)
CPYTHON_SHARED_POOL_CASE(test_imap_unordered_handle_iterable_exception)

#undef CPYTHON_SHARED_POOL_CASE

// CPython's setUpClass: one Pool(4) for the whole class, its tests run in definition order. A case that
// left the pool broken would fail the cases after it here, even if each passes on a fresh pool.
TEST(CPythonPool, AllCasesOnOneSharedPoolInCPythonsOrder) {
  Pool pool(4);
  for (auto* test :
       {test_apply, test_map, test_starmap, test_starmap_async, test_map_async, test_map_async_callbacks,
        test_map_chunksize, test_map_handle_iterable_exception, test_async, test_imap,
        test_imap_handle_iterable_exception, test_imap_unordered, test_imap_unordered_handle_iterable_exception}) {
    test(pool);
    if (HasFailure()) return;
  }
  EXPECT_EQ(pool.map(sqr, range(3)), squares(3)) << "the pool is still usable after all of them";
  pool.terminate();  // tearDownClass
  pool.join();
}

// The cases that make their own pools.

TEST(CPythonPool, test_async_timeout) {
  Pool p(3);
  auto res = p.apply_async(sqr_wait, 6, kTimeout2 + kShortTimeout);
  const auto t0 = poolscope::monotonic_ns();
  EXPECT_THROW(res.get(kTimeout2), TimeoutError);
  EXPECT_NEAR(seconds_since(t0), kTimeout2, kTolerance);
  p.terminate();
  p.join();
}

TEST(CPythonPool, test_make_pool) {
  EXPECT_THROW(Pool(-1), std::invalid_argument);  // ValueError
  EXPECT_THROW(Pool(0), std::invalid_argument);
  Pool p(3);
  EXPECT_EQ(p.worker_processes().size(), 3u);  // len(p._pool)
  p.close();
  p.join();
}

TEST(CPythonPool, test_terminate) {
  // Simulate slow tasks which take "forever" (support.LONG_TIMEOUT, 300 s) to complete.
  const auto t0 = poolscope::monotonic_ns();
  Pool p(3);
  auto result = p.map_async(sleep_task, std::vector<double>(10'000, 300.0), 1);
  sleep_seconds(0.2);  // give some tasks a chance to start
  p.terminate();
  p.join();
  // CPython's test passes if this returns at all; the bound makes "at once" explicit.
  EXPECT_LT(seconds_since(t0), 0.2 + 1.0);
  EXPECT_THROW(result.get(), PoolStopped);
}

TEST(CPythonPool, test_empty_iterable) {
  Pool p(1);
  EXPECT_EQ(p.map(sqr, std::vector<int>{}), std::vector<int>{});
  {
    auto it = p.imap(sqr, std::vector<int>{});
    EXPECT_EQ(it.next(), std::nullopt);
  }
  {
    auto it = p.imap_unordered(sqr, std::vector<int>{});
    EXPECT_EQ(it.next(), std::nullopt);
  }
  EXPECT_EQ(p.map_async(sqr, std::vector<int>{}).get(), std::vector<int>{});
  p.close();
  p.join();
}

TEST(CPythonPool, test_context) {
  // `with self.Pool(2) as p:` ends with p.terminate() (Pool.__exit__); the scope is written out so that
  // the pool can still be used afterwards, as the Python test does.
  const auto L = range(10);
  const auto expected = squares(10);
  Pool p(2);
  auto r = p.map_async(sqr, L);
  EXPECT_EQ(r.get(), expected);
  p.terminate();  // __exit__
  p.join();
  // assertRaises(ValueError, p.map_async, sqr, L): "Pool not running". Ours throws PoolStopped for a
  // terminated pool; what CPython's ValueError means (a call the pool's state refuses) is the same.
  EXPECT_THROW(p.map_async(sqr, L), PoolStopped);
}

int raise_runtime_error_123() { throw std::runtime_error("123"); }  // raise RuntimeError(123)
int raise_runtime_error_foo() { throw std::runtime_error("foo"); }

TEST(CPythonPool, test_traceback) {
  {
    Pool p(1);
    try {
      p.apply(raise_runtime_error_123);
      FAIL() << "expected RuntimeError";
    } catch (const std::runtime_error& exc) {
      EXPECT_STREQ(exc.what(), "123");  // exc.args == (123,)
    }
    p.terminate();
    p.join();
  }
  // _helper_reraises_exception should not make the error a remote exception: the input's own exception
  // arrives, not a TaskError.
  Pool p(1);
  try {
    p.map(sqr, ExceptionThrowingGenerator(1, -1), 1);
    FAIL() << "expected SayWhenError";
  } catch (const std::exception& exc) {
    EXPECT_EQ(typeid(exc), typeid(SayWhenError));
  }
  p.terminate();
  p.join();
}

TEST(CPythonPool, test_wrapped_exception) {
  Pool p(1);
  EXPECT_THROW(p.apply(raise_runtime_error_foo), std::runtime_error);
  p.terminate();
  p.join();
}

TEST(CPythonPool, test_map_no_failfast) {
  // Issue #23992: an exception raised during map() must not make join() deadlock.
  const auto t_start = poolscope::monotonic_ns();
  EXPECT_THROW(
      {
        Pool p(2);
        try {
          p.map(raise_large_valuerror, std::vector<double>{0, 1});
        } catch (...) {
          sleep_seconds(0.5);
          p.close();
          p.join();
          throw;
        }
      },
      std::invalid_argument);  // ValueError("x" * 1024**2)
  // check that we indeed waited for all jobs
  EXPECT_GT(seconds_since(t_start), 0.9);
}

}  // namespace
