// Level of detail for bars thinner than a pixel: one entry per pixel column of a lane holding the most telling
// status of the bars that fall in it, drawn as one rectangle per run of equal columns however many bars there are.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include <QColor>

class QPainter;

namespace poolscope::chart {

class DenseColumns {
 public:
  // In order of precedence: a column with one failure among a thousand successes shows the failure.
  enum Kind : std::uint8_t { none = 0, done, running, cancelled, failed, kindCount };
  using Colours = std::array<QColor, kindCount>;  // indexed by Kind (none unused)

  // Columns for scene x in [left, right); anything outside is dropped.
  void reset(double left, double right);
  // A bar from x0 to x1: every column it touches (at least the one x0 is in). Called once per bar, a million
  // times for a big trace: inline, truncation instead of floor / ceil (the columns start left of every x drawn),
  // and one comparison when the bar falls in the column the previous one touched last.
  void add(double x0, double x1, Kind kind) {
    const double left = x0 - first_;
    const double right = x1 - first_;
    if (!(left >= 0.0) || !(right < static_cast<double>(kinds_.size()))) {
      addSlow(left, right, kind);
      return;
    }
    const int a = static_cast<int>(left);
    const int r = static_cast<int>(right);
    const int b = right > r ? r : std::max(a, r - 1);
    if (a == b && a == hi_) {
      std::uint8_t& k = kinds_[static_cast<std::size_t>(a)];
      if (k < kind) k = kind;
      return;
    }
    mark(a, b, kind);
  }
  bool empty() const { return hi_ < lo_; }
  // Draws the columns added since the last flush, `top` to `top + height`, and forgets them.
  void flush(QPainter* painter, double top, double height, const Colours& colours);
  // The kind of the column holding scene x (none outside, or if nothing was added there since the last flush).
  Kind at(double x) const;

 private:
  void addSlow(double left, double right, Kind kind);
  void mark(int a, int b, Kind kind);

  int first_ = 0;  // pixel x of column 0
  std::vector<std::uint8_t> kinds_;
  int lo_ = 0, hi_ = -1;  // columns touched since the last flush
};

}  // namespace poolscope::chart
