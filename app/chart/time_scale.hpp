// Maps run time (seconds from a run's origin) to x in scene coordinates, and picks round axis ranges.
// Every panel of a chart shares one TimeScale, which is what makes the compare view's time axis common.
#pragma once

#include <algorithm>
#include <cmath>

namespace poolscope::chart {

struct TimeScale {
  double left = 0.0;   // x of t_min
  double width = 1.0;  // pixels from t_min to t_max
  double t_min = 0.0;
  double t_max = 1.0;

  double x(double t) const { return left + (t - t_min) / (t_max - t_min) * width; }
  double t(double x_pos) const { return t_min + (x_pos - left) / width * (t_max - t_min); }
  double pixels_per_second() const { return width / (t_max - t_min); }
};

// Smallest 1 / 2 / 2.5 / 5 x 10^k that is >= value (and > 0).
inline double nice_ceil(double value) {
  if (!(value > 0.0)) return 1.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
  for (double step : {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0}) {
    if (step * magnitude >= value * (1.0 - 1e-9)) return step * magnitude;
  }
  return 10.0 * magnitude;
}

// A round tick interval giving about `target` ticks over `span`.
inline double nice_step(double span, int target) {
  const double raw = span / std::max(1, target);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (step * magnitude >= raw) return step * magnitude;
  }
  return 10.0 * magnitude;
}

// Decimals needed to print multiples of `step` exactly enough (0.25 -> 2, 0.5 -> 1, 2 -> 0).
inline int decimals_for(double step) {
  int decimals = 0;
  double scaled = step;
  while (decimals < 4 && std::fabs(scaled - std::round(scaled)) > 1e-6) {
    scaled *= 10.0;
    ++decimals;
  }
  return decimals;
}

}  // namespace poolscope::chart
