// Maps run time (seconds from a run's origin) to x in scene coordinates, and picks round axis ranges.
// Every panel of a chart shares one TimeScale, which is what makes the compare view's time axis common.
#pragma once

#include <algorithm>
#include <cmath>

namespace poolscope::chart {

struct TimeScale {
  double left = 0.0;   // x of tMin
  double width = 1.0;  // pixels from tMin to tMax
  double tMin = 0.0;
  double tMax = 1.0;

  double x(double t) const { return left + (t - tMin) / (tMax - tMin) * width; }
  double t(double xPos) const { return tMin + (xPos - left) / width * (tMax - tMin); }
  double pixelsPerSecond() const { return width / (tMax - tMin); }
};

// The smallest m x 10^k with m in {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8} that is >= value: an axis end close
// above the data (a 10 % step at most after 1.2, never the 2x jump of a 1 / 2 / 5 series). A value within a
// relative 1e-9 above such a number gives that number (3.0000000001 -> 3), so rounding noise does not jump a
// step. Not a positive number (0, negative, NaN) gives 1; +infinity, or a value whose nice number is beyond the
// largest double (1.7e308 -> 2e308), gives +infinity; a subnormal value, too small for 10^k, gives itself.
inline double niceCeil(double value) {
  if (!(value > 0.0)) return 1.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
  if (!(magnitude > 0.0)) return value;
  for (double step : {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0}) {
    if (step * magnitude >= value * (1.0 - 1e-9)) return step * magnitude;
  }
  return 10.0 * magnitude;
}

// The tick interval for about `target` ticks over `span`: the smallest m x 10^k with m in {1, 2, 2.5, 5}
// that is >= span / target (with the same 1e-9 tolerance as niceCeil), so there are at most `target` intervals.
// A target below 1 counts as 1. A span that is not a positive finite number (0, negative, NaN, infinity)
// gives 1, never 0: a zero step would ask the axis for endless ticks.
inline double niceStep(double span, int target) {
  const double raw = span / std::max(1, target);
  if (!(raw > 0.0) || !std::isfinite(raw)) return 1.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  if (!(magnitude > 0.0)) return raw;
  for (double step : {1.0, 2.0, 2.5, 5.0}) {
    if (step * magnitude >= raw * (1.0 - 1e-9)) return step * magnitude;
  }
  return 10.0 * magnitude;
}

// Decimals to print multiples of `step` with (0.25 -> 2, 0.5 -> 1, 2 -> 0, 0.125 -> 3): the fewest that make
// step x 10^decimals a whole number to within 1e-6, capped at 4 (0.00025 -> 4). Steps that are whole to within
// 1e-6 already (including any |step| < 1e-6, and 0) give 0; the sign does not matter; NaN and infinity give 0.
inline int decimalsFor(double step) {
  int decimals = 0;
  double scaled = step;
  while (decimals < 4 && std::fabs(scaled - std::round(scaled)) > 1e-6) {
    scaled *= 10.0;
    ++decimals;
  }
  return decimals;
}

}  // namespace poolscope::chart
