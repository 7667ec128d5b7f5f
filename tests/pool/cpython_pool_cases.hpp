// CPython's _TestPool tests (Lib/test/_test_multiprocessing.py) as functions of a pool, so each runs on a
// fresh pool and all run on one shared pool in CPython's order. Same inputs, values and exception positions.
#pragma once

// C++ interpretations, shared by all cases:
//   - sqr(x, wait=0.0) is two tasks: sqr(x), and sqr_wait(x, wait) where CPython passes a wait;
//   - Python's ValueError is std::invalid_argument, KeyError std::out_of_range, RuntimeError
//     std::runtime_error; SayWhenError (a ValueError) derives from std::invalid_argument;
//   - exception_throwing_generator is an input range whose begin() or operator++ throws where the
//     generator raises; `for i in range(...)` loops compare each next();
//   - CPython's timing checks (assertTimingAlmostEqual) only run with CHECK_TIMINGS; the elapsed times
//     are checked here within 80 ms, the tolerance of this project's timing tests.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <numeric>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "pool_test_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace cpython_pool {

using poolscope::Pool;

inline constexpr double kTimeout1 = 0.1;  // TIMEOUT1, TIMEOUT2 without CHECK_TIMINGS
inline constexpr double kTimeout2 = 0.1;
inline constexpr double kShortTimeout = 30.0;  // support.SHORT_TIMEOUT
inline constexpr double kTolerance = 0.08;

inline void sleep_seconds(double s) {
  pool_test::sleep_until_ns(poolscope::monotonic_ns() + static_cast<std::int64_t>(s * 1e9));
}
inline int sqr(int x) { return x * x; }
inline int sqr_wait(int x, double wait) {
  sleep_seconds(wait);
  return x * x;
}
inline int mul(int x, int y) { return x * y; }
// Python's int(str): std::stoi throws std::invalid_argument for "a", as int('a') raises ValueError.
inline int to_int(std::string s) { return std::stoi(s); }
inline double sleep_task(double s) {
  sleep_seconds(s);
  return s;
}
inline int raise_large_valuerror(double wait) {
  sleep_seconds(wait);
  throw std::invalid_argument(std::string(1024 * 1024, 'x'));
}

struct SayWhenError : std::invalid_argument {
  SayWhenError() : std::invalid_argument("Somebody said when") {}
};

// exception_throwing_generator(total, when): yields 0 .. total-1, raising SayWhenError instead of `when`
// (when == -1: at the first next()).
class ExceptionThrowingGenerator {
 public:
  ExceptionThrowingGenerator(int total, int when) : total_(total), when_(when) {}
  class iterator {
   public:
    using iterator_concept = std::input_iterator_tag;
    using value_type = int;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(int total, int when) : total_(total), when_(when) {}
    int operator*() const { return i_; }
    iterator& operator++() {
      ++i_;
      if (i_ == when_ && i_ < total_) throw SayWhenError();
      return *this;
    }
    void operator++(int) { ++*this; }
    bool operator==(std::default_sentinel_t) const { return i_ >= total_; }

   private:
    int i_ = 0;
    int total_ = 0;
    int when_ = -1;
  };
  iterator begin() {
    if (when_ == -1 || (when_ == 0 && total_ > 0)) throw SayWhenError();
    return iterator(total_, when_);
  }
  std::default_sentinel_t end() { return {}; }

 private:
  int total_;
  int when_;
};

// SpecialIterable: its __next__ raises at once (its __len__ of 1 does not matter to map).
class SpecialIterable {
 public:
  class iterator {
   public:
    using iterator_concept = std::input_iterator_tag;
    using value_type = int;
    using difference_type = std::ptrdiff_t;
    int operator*() const { throw SayWhenError(); }
    iterator& operator++() { return *this; }
    void operator++(int) {}
    bool operator==(std::default_sentinel_t) const { return false; }
  };
  iterator begin() { return {}; }
  std::default_sentinel_t end() { return {}; }
};

inline std::vector<int> range(int n) {
  std::vector<int> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  return v;
}
inline std::vector<int> squares(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) v.push_back(i * i);
  return v;
}
// list(zip(range(n), range(n-1, -1, -1)))
inline std::vector<std::tuple<int, int>> zipped(int n) {
  std::vector<std::tuple<int, int>> v;
  for (int i = 0; i < n; ++i) v.emplace_back(i, n - 1 - i);
  return v;
}
inline std::vector<int> starmapped(const std::vector<std::tuple<int, int>>& t) {
  std::vector<int> v;
  for (const auto& [a, b] : t) v.push_back(a * b);
  return v;
}

// The cases that use the shared pool (CPython's self.pool, Pool(4)), in CPython's order.
void test_apply(Pool& pool);
void test_map(Pool& pool);
void test_starmap(Pool& pool);
void test_starmap_async(Pool& pool);
void test_map_async(Pool& pool);
void test_map_async_callbacks(Pool& pool);
void test_map_chunksize(Pool& pool);
void test_map_handle_iterable_exception(Pool& pool);
void test_async(Pool& pool);
void test_imap(Pool& pool);
void test_imap_handle_iterable_exception(Pool& pool);
void test_imap_unordered(Pool& pool);
void test_imap_unordered_handle_iterable_exception(Pool& pool);

}  // namespace cpython_pool
