// Inputs and results larger than the pool's shared buffers: a result bigger than the result ring is
// delivered whole, a chunk bigger than the input ring is streamed through it, and the pool goes on.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdint>
#include <string>
#include <vector>

#include "pool_test_support.hpp"
#include "poolscope/pool/pool.hpp"

namespace {

using namespace poolscope;
using namespace pool_test;

std::string pattern(std::size_t bytes, int seed) {
  std::string s(bytes, '\0');
  for (std::size_t i = 0; i < bytes; ++i) s[i] = static_cast<char>('a' + (i * 7 + static_cast<std::size_t>(seed)) % 26);
  return s;
}

// FNV-1a: any lost, repeated or moved byte changes it.
std::uint64_t fnv(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

std::string megabytes_of_pattern(int mb) { return pattern(std::size_t(mb) << 20, mb); }
std::uint64_t checksum(std::string s) { return fnv(s); }
std::string reversed(std::string s) { return std::string(s.rbegin(), s.rend()); }
std::size_t size_or_crash(std::string s) {
  if (s.size() == 777'777) raise(SIGKILL);
  return s.size();
}

TEST(PoolLargeItems, AResultOf64MiBIsDelivered) {
  PoolOptions options;
  options.trace = false;  // the record would hold a second copy as JSON
  Pool pool(2, options);  // result rings of the default 8 MiB
  auto it = pool.imap(megabytes_of_pattern, {64});
  const auto big = it.next();
  ASSERT_TRUE(big.has_value());
  EXPECT_EQ(big->size(), std::size_t{64} << 20);
  EXPECT_EQ(fnv(*big), fnv(megabytes_of_pattern(64)));
  EXPECT_EQ(it.record().status, TaskStatus::ok);
  EXPECT_EQ(it.next(), std::nullopt);
  EXPECT_EQ(pool.map(twice, std::vector<int>{1, 2, 3}), (std::vector<int>{2, 4, 6})) << "the pool goes on";
}

TEST(PoolLargeItems, ResultsLargerThanTheRingAreDeliveredInOrderWithTracing) {
  PoolOptions options;
  options.result_bytes = 64 << 10;  // the smallest ring: everything here is larger
  Pool pool(2, options);
  const auto results = pool.map(megabytes_of_pattern, std::vector<int>{1, 3, 2, 5}, 1);
  ASSERT_EQ(results.size(), 4u);
  const int expected[] = {1, 3, 2, 5};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(results[i].size(), std::size_t(expected[i]) << 20) << "result " << i;
    EXPECT_EQ(fnv(results[i]), fnv(megabytes_of_pattern(expected[i]))) << "result " << i;
  }
  for (const auto& r : pool.last_records()) EXPECT_EQ(r.status, TaskStatus::ok) << r.message;
}

TEST(PoolLargeItems, InputsLargerThanTheInputRingAreStreamed) {
  PoolOptions options;
  options.input_bytes = 64 << 10;
  options.result_bytes = 64 << 10;
  Pool pool(2, options);
  const std::vector<std::string> inputs{pattern(1 << 20, 1), "small", pattern(3 << 20, 2), pattern(100, 3)};
  std::vector<std::uint64_t> sums;
  for (std::uint64_t s : pool.imap(checksum, inputs)) sums.push_back(s);
  ASSERT_EQ(sums.size(), inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) EXPECT_EQ(sums[i], fnv(inputs[i])) << "input " << i;

  // Both ways at once: a 5 MiB input comes back reversed through 64 KiB rings.
  const auto five = pattern(5 << 20, 5);
  EXPECT_EQ(pool.map(reversed, std::vector<std::string>{five}), (std::vector<std::string>{reversed(five)}));

  // A map whose chunks (100 inputs of 1 KiB) are larger than the ring, as with a big map's default chunksize.
  std::vector<std::string> many;
  for (int i = 0; i < 400; ++i) many.push_back(pattern(1024, i));
  const auto many_sums = pool.map(checksum, many, 100);
  ASSERT_EQ(many_sums.size(), many.size());
  for (std::size_t i = 0; i < many.size(); ++i) ASSERT_EQ(many_sums[i], fnv(many[i])) << "input " << i;

  EXPECT_EQ(pool.map(twice, std::vector<int>{1, 2, 3}), (std::vector<int>{2, 4, 6})) << "the pool goes on";
}

TEST(PoolLargeItems, AnInputLargerThanTheDefaultRing) {
  PoolOptions options;
  options.trace = false;
  Pool pool(2, options);  // a 32 MiB input ring
  const auto big = pattern(40 << 20, 9);
  EXPECT_EQ(pool.map(checksum, std::vector<std::string>{big, "x"}), (std::vector<std::uint64_t>{fnv(big), fnv("x")}));
}

TEST(PoolLargeItems, AWorkerThatDiesWithAStreamedInputIsACrashAndThePoolGoesOn) {
  PoolOptions options;
  options.input_bytes = 64 << 10;
  Pool pool(1, options);
  auto it = pool.imap(size_or_crash, std::vector<std::string>{std::string(777'777, 'c'), std::string(300'000, 'd')});
  EXPECT_THROW(it.next(), WorkerCrashed);
  EXPECT_EQ(it.next(), std::size_t{300'000});
  EXPECT_EQ(it.next(), std::nullopt);
  EXPECT_EQ(pool.map(size_or_crash, std::vector<std::string>{std::string(2 << 20, 'e')}),
            (std::vector<std::size_t>{std::size_t{2} << 20}));
}

}  // namespace
