// The visible stretch of the time axis when zoomed in: zoom about a point that stays put, pan, reset; the
// window never leaves 0..end and never gets narrower than a thousandth of the run (or 1 ms).
#pragma once

#include <algorithm>

namespace poolscope::chart {

struct TimeZoom {
  double t0 = 0.0;  // visible window, seconds; t1 <= t0 means "not zoomed: the whole run"
  double t1 = 0.0;

  bool zoomed() const { return t1 > t0; }
  void reset() { t0 = t1 = 0.0; }

  static double minSpan(double fullEnd) { return std::max(fullEnd / 1000.0, 0.001); }

  // The window to draw for a run `fullEnd` seconds long.
  double from(double fullEnd) const { return zoomed() ? std::clamp(t0, 0.0, fullEnd) : 0.0; }
  double to(double fullEnd) const { return zoomed() ? std::clamp(t1, from(fullEnd), fullEnd) : fullEnd; }

  // Zooms in by `factor` (> 1 in, < 1 out) keeping time `anchor` where it is on screen. Zooming out to the whole
  // run (or beyond) resets.
  void zoomAbout(double anchor, double factor, double fullEnd) {
    if (!(factor > 0.0) || !(fullEnd > 0.0)) return;
    const double a = from(fullEnd), b = to(fullEnd);
    const double span = std::max((b - a) / factor, minSpan(fullEnd));
    if (span >= fullEnd) {
      reset();
      return;
    }
    const double share = b > a ? std::clamp((anchor - a) / (b - a), 0.0, 1.0) : 0.5;
    set(anchor - share * span, span, fullEnd);
  }

  // Moves the window by `dt` seconds (positive: later), stopping at 0 and at the end.
  void panBy(double dt, double fullEnd) {
    if (!zoomed()) return;
    const double a = from(fullEnd), b = to(fullEnd);
    set(a + dt, b - a, fullEnd);
  }

 private:
  void set(double start, double span, double fullEnd) {
    start = std::clamp(start, 0.0, std::max(0.0, fullEnd - span));
    t0 = start;
    t1 = start + span;
  }
};

}  // namespace poolscope::chart
