// DenseColumns: at 100,000 tasks thousands of bars share a pixel column; painting each would cost a fill per
// bar for one pixel of colour, and merging them into grey spans lost the failures among them.
#include "chart/dense_columns.hpp"

#include <algorithm>
#include <cmath>

#include <QPainter>

namespace poolscope::chart {

void DenseColumns::reset(double left, double right) {
  first_ = static_cast<int>(std::floor(left));
  const int last = static_cast<int>(std::ceil(right));
  kinds_.assign(static_cast<std::size_t>(std::max(0, last - first_)), none);
  lo_ = 0;
  hi_ = -1;
}

void DenseColumns::addSlow(double left, double right, Kind kind) {
  const int n = static_cast<int>(kinds_.size());
  const int a = static_cast<int>(std::floor(left));
  const int b = std::max(a, static_cast<int>(std::ceil(right)) - 1);
  if (std::min(n - 1, b) >= std::max(0, a)) mark(std::max(0, a), std::min(n - 1, b), kind);
}

void DenseColumns::mark(int a, int b, Kind kind) {
  for (int c = a; c <= b; ++c) {
    std::uint8_t& k = kinds_[static_cast<std::size_t>(c)];
    k = std::max<std::uint8_t>(k, kind);
  }
  if (empty()) {
    lo_ = a;
    hi_ = b;
  } else {
    lo_ = std::min(lo_, a);
    hi_ = std::max(hi_, b);
  }
}

DenseColumns::Kind DenseColumns::at(double x) const {
  const long c = static_cast<long>(std::floor(x)) - first_;
  if (c < 0 || c >= static_cast<long>(kinds_.size())) return none;
  return static_cast<Kind>(kinds_[static_cast<std::size_t>(c)]);
}

void DenseColumns::flush(QPainter* painter, double top, double height, const Colours& colours) {
  for (int c = lo_; c <= hi_;) {
    const std::uint8_t kind = kinds_[static_cast<std::size_t>(c)];
    int run = c + 1;
    while (run <= hi_ && kinds_[static_cast<std::size_t>(run)] == kind) ++run;
    if (kind != none) {
      painter->fillRect(QRectF(first_ + c, top, run - c, height), colours[kind]);
    }
    std::fill(kinds_.begin() + c, kinds_.begin() + run, std::uint8_t{none});
    c = run;
  }
  lo_ = 0;
  hi_ = -1;
}

}  // namespace poolscope::chart
