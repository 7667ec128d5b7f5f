// TimeScale's axis arithmetic, table by table: the time axis ends just above the data, ticks fall on round
// numbers and their labels show exactly the decimals those numbers need, including at the edges.
#include "chart/time_scale.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <ostream>

namespace {

using poolscope::chart::decimalsFor;
using poolscope::chart::niceCeil;
using poolscope::chart::niceStep;
using poolscope::chart::TimeScale;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kSubnormal = std::numeric_limits<double>::denorm_min();

// Equal, or both infinite with the same sign; otherwise within a relative 1e-12 (products like 1.2 * 1e-12
// may be an ulp off the literal).
::testing::AssertionResult same(double actual, double expected) {
  if (actual == expected) return ::testing::AssertionSuccess();
  if (std::isfinite(actual) && std::isfinite(expected) && std::fabs(actual - expected) <= 1e-12 * std::fabs(expected)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "got " << actual << ", expected " << expected;
}

struct CeilCase {
  double value;
  double expected;
};

TEST(TimeScale, NiceCeilIsTheSmallestRoundNumberAtOrAboveTheValue) {
  const CeilCase cases[] = {
      // Every mantissa of the series, and the values just past each one.
      {1.0, 1.0},
      {1.1, 1.2},
      {1.2, 1.2},
      {1.3, 1.5},
      {1.6, 2.0},
      {2.1, 2.5},
      {2.6, 3.0},
      {3.5, 4.0},
      {4.2, 5.0},
      {5.5, 6.0},
      {6.5, 8.0},
      {8.5, 10.0},
      {9.99, 10.0},
      {0.9, 1.0},
      // Other decades.
      {12.0, 12.0},
      {13.0, 15.0},
      {250.0, 250.0},
      {0.07, 0.08},
      {3.75, 4.0},  // a 3 s run with 25 % headroom: the live axis ends at 4 s
      // Rounding noise just above a round number stays on it; a real excess moves to the next one.
      {3.0000000001, 3.0},
      {3.00001, 4.0},
      // Not a positive number: the axis falls back to 1.
      {0.0, 1.0},
      {-0.0, 1.0},
      {-3.0, 1.0},
      {-kInf, 1.0},
      {kNaN, 1.0},
      // Tiny and huge.
      {1.1e-12, 1.2e-12},
      {1e-300, 1e-300},
      {kSubnormal, kSubnormal},
      {7e300, 8e300},
      {1.3e308, 1.5e308},
      {1.7e308, kInf},  // 2e308 does not exist
      {kInf, kInf},
  };
  for (const CeilCase& c : cases) EXPECT_TRUE(same(niceCeil(c.value), c.expected)) << "niceCeil(" << c.value << ")";
}

struct StepCase {
  double span;
  int target;
  double expected;
};

TEST(TimeScale, NiceStepGivesAtMostTheTargetNumberOfRoundIntervals) {
  const StepCase cases[] = {
      {10.0, 5, 2.0},
      {3.0, 10, 0.5},  // 0.3 rounds up to 0.5: 1, 2, 2.5, 5 only
      {1.0, 4, 0.25},
      {7.0, 1, 10.0},
      {6.0, 3, 2.0},
      {6.000000001, 3, 2.0},  // rounding noise does not jump to 2.5
      {6.1, 3, 2.5},
      {100.0, 3, 50.0},
      {0.003, 3, 0.001},
      {3.09, 6, 1.0},  // the slow-first compare view at 1280x720: ticks at 0, 1, 2, 3 s
      // A target below 1 counts as 1.
      {5.0, 0, 5.0},
      {5.0, -2, 5.0},
      // A span that is not a positive finite number gives 1, never 0.
      {0.0, 5, 1.0},
      {-4.0, 2, 1.0},
      {kNaN, 3, 1.0},
      {kInf, 3, 1.0},
      // Tiny and huge.
      {1e-9, 4, 2.5e-10},
      {1e300, 4, 2.5e299},
  };
  for (const StepCase& c : cases) {
    const double step = niceStep(c.span, c.target);
    EXPECT_TRUE(same(step, c.expected)) << "niceStep(" << c.span << ", " << c.target << ")";
    if (std::isfinite(c.span) && c.span > 0.0) {
      EXPECT_LE(c.span / step, std::max(c.target, 1) * (1.0 + 1e-9)) << "too many ticks for " << c.span;
    }
  }
}

struct DecimalsCase {
  double step;
  int expected;
};

TEST(TimeScale, DecimalsForPrintsEveryMultipleOfTheStepExactly) {
  const DecimalsCase cases[] = {
      {2.0, 0},   {0.5, 1},   {0.25, 2}, {0.125, 3}, {0.1, 1},  {0.2, 1},
      {0.3, 1},   {0.05, 2},  {2.5, 1},  {2.5e6, 0}, {1e-4, 4}, {0.00025, 4},  // needs 5: capped at 4
      {0.0, 0},   {-0.25, 2},                                                  // the sign does not matter
      {1e-7, 0},                                                               // whole to within 1e-6 already
      {1e300, 0}, {kNaN, 0},  {kInf, 0},
  };
  for (const DecimalsCase& c : cases) EXPECT_EQ(decimalsFor(c.step), c.expected) << "decimalsFor(" << c.step << ")";
}

TEST(TimeScale, MapsTimeToPixelsAndBack) {
  TimeScale scale;
  scale.left = 100.0;
  scale.width = 800.0;
  scale.tMin = 0.0;
  scale.tMax = 4.0;
  const struct {
    double t;
    double x;
  } cases[] = {{0.0, 100.0}, {1.0, 300.0}, {4.0, 900.0}, {-0.5, 0.0}, {5.0, 1100.0}};
  for (const auto& c : cases) {
    EXPECT_DOUBLE_EQ(scale.x(c.t), c.x) << c.t;
    EXPECT_DOUBLE_EQ(scale.t(c.x), c.t) << c.x;
  }
  EXPECT_DOUBLE_EQ(scale.pixelsPerSecond(), 200.0);
}

}  // namespace
