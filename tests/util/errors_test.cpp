// One catch for everything the library throws: real failures of the pool, the queue, the pipe, the
// shared containers and the trace reader are all poolscope::Error, and still the standard type of their kind.
#include "poolscope/util/errors.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "poolscope/mp/pipe.hpp"
#include "poolscope/mp/queue.hpp"
#include "poolscope/mp/shared_array.hpp"
#include "poolscope/pool/pool.hpp"
#include "poolscope/trace/trace_reader.hpp"

namespace {

// What a library user writes: one handler for the library's errors. Returns what() or "" if none was thrown.
template <class Call> std::string library_error_of(Call call) {
  try {
    call();
  } catch (const poolscope::Error& e) {
    return e.what();
  }
  return "";
}

int twice(int x) { return 2 * x; }

TEST(Errors, QueueTimeoutsAndCloseAreLibraryErrorsAndRuntimeErrors) {
  poolscope::Queue<int> q(1);
  EXPECT_NE(library_error_of([&] { q.get(0.01); }), "");
  EXPECT_THROW(q.get(0.01), std::runtime_error);
  q.put(1);
  EXPECT_NE(library_error_of([&] { q.put(2, 0.01); }), "");
  q.close();
  EXPECT_NE(library_error_of([&] { q.put(3); }), "");
}

TEST(Errors, AClosedPipeIsALibraryError) {
  auto [a, b] = poolscope::Pipe();
  b.close();
  EXPECT_EQ(library_error_of([&] { a.recv<int>(); }), "the other end of the pipe is closed");
}

TEST(Errors, AnIndexOutOfRangeIsALibraryErrorAndAnOutOfRange) {
  poolscope::SharedArray<int> arr({1, 2, 3});
  EXPECT_NE(library_error_of([&] { static_cast<void>(static_cast<int>(arr[3])); }), "");
  EXPECT_THROW(static_cast<void>(static_cast<int>(arr[3])), std::out_of_range);
}

TEST(Errors, AMissingTraceFileIsALibraryError) {
  EXPECT_NE(library_error_of([] { poolscope::read_trace("/nonexistent/poolscope-trace.json"); }), "");
}

TEST(Errors, ATaskFailureAndAPoolMisuseAreLibraryErrors) {
  poolscope::Pool pool(1);
  EXPECT_NE(library_error_of([&] { pool.map(+[](int) -> int { throw std::runtime_error("boom"); }, {1}); }), "");
  pool.close();
  EXPECT_NE(library_error_of([&] { pool.map(twice, {1}); }), "");
  EXPECT_THROW(pool.map(twice, {1}), std::logic_error);
  pool.join();
}

}  // namespace
