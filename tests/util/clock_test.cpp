// StampClock against the clock it stands for: never backwards, and never far from CLOCK_MONOTONIC.
#include "poolscope/util/clock.hpp"

#include <gtest/gtest.h>

#include <cstdint>

using namespace poolscope;

TEST(StampClock, StaysBetweenTheClockReadingsAroundItAndNeverGoesBack) {
  StampClock clock;
  std::int64_t last = 0;
  std::int64_t worst = 0;
  const std::int64_t end = monotonic_ns() + 30'000'000;  // long enough to calibrate and re-anchor many times
  std::size_t readings = 0;
  while (monotonic_ns() < end) {
    const std::int64_t before = monotonic_ns();
    const std::int64_t stamp = clock.now();
    const std::int64_t after = monotonic_ns();
    ASSERT_GE(stamp, last) << "reading " << readings;
    last = stamp;
    if (stamp < before) worst = std::max(worst, before - stamp);
    if (stamp > after) worst = std::max(worst, stamp - after);
    ++readings;
  }
  EXPECT_GT(readings, 1000u);
  // A stamp may stray from the clock by the counter's drift between anchors: tens of nanoseconds. 20 us
  // leaves room for a loaded machine, and is still far below anything a chart or a trace shows.
  EXPECT_LT(worst, 20'000) << "ns off CLOCK_MONOTONIC at worst";
}
