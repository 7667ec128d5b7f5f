// CPython's _TestPoolWorkerErrors and _TestPoolWorkerLifetime (Lib/test/_test_multiprocessing.py), one
// GoogleTest each with CPython's name, and exceptions crossing the process boundary as their own type.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "cpython_pool_cases.hpp"
#include "poolscope/pool/remote_exception.hpp"

// Not ported: test_unpickleable_result (a result whose pickling fails: results go through a codec
// checked at compile time, so a task whose result cannot be encoded does not compile).

namespace {

using namespace cpython_pool;
using pool_test::seconds_since;
using poolscope::AsyncCallbacks;
using poolscope::PoolOptions;
using poolscope::TaskError;
using poolscope::TaskFailure;

// raise KeyError("key"): KeyError is std::out_of_range here.
int raising() { throw std::out_of_range("key"); }

TEST(CPythonPoolWorkerErrors, test_async_error_callback) {
  Pool p(2);
  std::exception_ptr scratchpad;
  auto res = p.apply_async(
      AsyncCallbacks<int>{nullptr, [&](const std::exception&) { scratchpad = std::current_exception(); }}, raising);
  EXPECT_THROW(res.get(), std::out_of_range);
  ASSERT_TRUE(scratchpad);
  EXPECT_THROW(std::rethrow_exception(scratchpad), std::out_of_range);
  p.close();
  p.join();
}

TEST(CPythonPoolWorkerLifetime, test_pool_worker_lifetime) {
  PoolOptions options;
  options.maxtasksperchild = 10;
  Pool p(3, options);
  ASSERT_EQ(p.worker_processes().size(), 3u);
  std::vector<int> origworkerpids;
  for (const auto& w : p.worker_processes()) origworkerpids.push_back(w.pid);
  // Run many tasks so each worker gets replaced (hopefully)
  std::vector<poolscope::AsyncResult<int>> results;
  for (int i = 0; i < 100; ++i) results.push_back(p.apply_async(sqr, i));
  // Fetch the results and verify we got the right answers, also ensuring all the tasks have completed.
  for (std::size_t j = 0; j < results.size(); ++j) EXPECT_EQ(results[j].get(), sqr(static_cast<int>(j)));
  // Wait until all workers are alive (countdown * DELTA = 5 seconds max startup process time); our pool
  // refills itself, so there is no _repopulate_pool() to call.
  std::vector<poolscope::WorkerProcess> final_workers;
  for (int countdown = 50; countdown > 0; --countdown) {
    final_workers = p.worker_processes();
    if (final_workers.size() == 3) break;
    sleep_seconds(0.1);
  }
  ASSERT_EQ(final_workers.size(), 3u) << "every row has a process again";
  std::vector<int> finalworkerpids;
  for (const auto& w : final_workers) finalworkerpids.push_back(w.pid);
  EXPECT_EQ(std::count(origworkerpids.begin(), origworkerpids.end(), 0), 0);
  EXPECT_EQ(std::count(finalworkerpids.begin(), finalworkerpids.end(), 0), 0);
  // Finally, check that the worker pids have changed
  std::sort(origworkerpids.begin(), origworkerpids.end());
  std::sort(finalworkerpids.begin(), finalworkerpids.end());
  EXPECT_NE(origworkerpids, finalworkerpids);
  p.close();
  p.join();
}

TEST(CPythonPoolWorkerLifetime, test_pool_worker_lifetime_early_close) {
  // Issue #10332: closing a pool whose workers have limited lifetimes before all the tasks completed
  // would make join() hang.
  PoolOptions options;
  options.maxtasksperchild = 1;
  Pool p(3, options);
  std::vector<poolscope::AsyncResult<int>> results;
  for (int i = 0; i < 6; ++i) results.push_back(p.apply_async(sqr_wait, i, 0.3));
  const auto t0 = poolscope::monotonic_ns();
  p.close();
  p.join();
  // Two rounds of three 0.3 s tasks, a fresh process for each task.
  EXPECT_NEAR(seconds_since(t0), 0.6, 0.2);
  for (std::size_t j = 0; j < results.size(); ++j) EXPECT_EQ(results[j].get(), sqr(static_cast<int>(j)));
  std::set<int> pids;
  for (auto& r : results) pids.insert(r.record().pid);
  EXPECT_EQ(pids.size(), 6u) << "maxtasksperchild=1: each task ran in its own process";
}

TEST(CPythonPoolWorkerLifetime, test_pool_maxtasksperchild_invalid) {
  // CPython also refuses 0.5 and "12": in C++ the option is an int, so they do not compile.
  for (const int value : {0, -1}) {
    PoolOptions options;
    options.maxtasksperchild = value;
    EXPECT_THROW(Pool(3, options), std::invalid_argument) << value;
  }
}

TEST(CPythonPoolWorkerLifetime, test_worker_finalization_via_atexit_handler_of_multiprocessing) {
  // A pool held by a global object still alive at exit (bpo-38744, bpo-39360): the program must exit
  // normally. Run as a child process, as CPython runs a separate interpreter.
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    static std::unique_ptr<Pool> problem;  // destroyed by exit()
    problem = std::make_unique<Pool>(1);
    const auto floats = problem->map([](int x) { return static_cast<double>(x); }, range(10));
    std::exit(floats.size() == 10 ? 0 : 1);
  }
  const auto t0 = poolscope::monotonic_ns();
  int status = 0;
  while (waitpid(child, &status, WNOHANG) == 0 && seconds_since(t0) < 10) sleep_seconds(0.01);
  ASSERT_TRUE(WIFEXITED(status)) << "the program did not exit by itself";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// What the chart shows with maxtasksperchild: a fresh process in the same Worker-N row.
TEST(PoolWorkerLifetime, AFreshProcessTakesTheSameRowAfterMaxtasksperchild) {
  PoolOptions options;
  options.maxtasksperchild = 1;
  Pool p(2, options);
  auto it = p.imap(sqr, range(6));
  std::set<int> rows;
  std::set<int> pids;
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(it.next(), sqr(i));
    EXPECT_EQ(it.record().status, poolscope::TaskStatus::ok) << "a planned exit is not a crash";
    rows.insert(it.record().worker);
    pids.insert(it.record().pid);
  }
  EXPECT_EQ(rows, (std::set<int>{1, 2}));
  EXPECT_EQ(pids.size(), 6u) << "one process per task";
  p.close();
  p.join();
}

// Issue 17's part 5: a task's exception arrives as its own type, with its message.

struct MyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct Unregistered : std::logic_error {
  using std::logic_error::logic_error;
};
template <class E> int throw_it(int) { throw E("message " + std::to_string(sizeof(E))); }
int throw_bad_alloc(int) { throw std::bad_alloc(); }

template <class E> void expect_same_type(Pool& pool) {
  try {
    pool.apply(throw_it<E>, 1);
    ADD_FAILURE() << "no exception";
  } catch (const E& e) {
    EXPECT_EQ(std::string(e.what()), "message " + std::to_string(sizeof(E)));
    const auto* failure = dynamic_cast<const TaskFailure*>(&e);
    ASSERT_NE(failure, nullptr);
    EXPECT_EQ(failure->type_name(), poolscope::detail::demangled_type_name(typeid(E)));
  }
}

TEST(PoolExceptionTypes, StandardExceptionsArriveAsThemselves) {
  Pool pool(2);
  expect_same_type<std::invalid_argument>(pool);
  expect_same_type<std::out_of_range>(pool);
  expect_same_type<std::runtime_error>(pool);
  expect_same_type<std::logic_error>(pool);
  expect_same_type<std::domain_error>(pool);
  expect_same_type<std::length_error>(pool);
  expect_same_type<std::range_error>(pool);
  expect_same_type<std::overflow_error>(pool);
  expect_same_type<std::underflow_error>(pool);
  EXPECT_THROW(pool.apply(throw_bad_alloc, 1), std::bad_alloc);
  // The same in every kind of call: map, imap (at the failing position), map_async.
  EXPECT_THROW(pool.map(throw_it<std::domain_error>, range(3)), std::domain_error);
  auto it = pool.imap(throw_it<std::overflow_error>, range(2));
  EXPECT_THROW(it.next(), std::overflow_error);
  EXPECT_THROW(it.next(), std::overflow_error);
  EXPECT_EQ(it.next(), std::nullopt);
  EXPECT_THROW(pool.map_async(throw_it<std::length_error>, range(2)).get(), std::length_error);
}

TEST(PoolExceptionTypes, RegisteredTypesArriveAsThemselvesOthersAsTaskErrorNamingThem) {
  Pool pool(1);
  try {
    pool.apply(throw_it<Unregistered>, 1);
    ADD_FAILURE() << "no exception";
  } catch (const TaskError& e) {
    EXPECT_EQ(e.type_name(), poolscope::detail::demangled_type_name(typeid(Unregistered)));
    EXPECT_NE(e.type_name().find("Unregistered"), std::string::npos);
    EXPECT_EQ(std::string(e.what()), "message " + std::to_string(sizeof(Unregistered)));
  }
  poolscope::register_exception<MyError>();
  EXPECT_THROW(pool.apply(throw_it<MyError>, 1), MyError);
  const auto records = [&] {
    try {
      pool.map(throw_it<MyError>, range(1));
    } catch (const MyError&) {}
    return pool.last_records();
  }();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].exception_type, poolscope::detail::demangled_type_name(typeid(MyError)));
  EXPECT_EQ(records[0].message, "message " + std::to_string(sizeof(MyError)));
}

}  // namespace
