// HeldItem: a filled step curve, merged to one vertical span per pixel column so 20,000 steps draw as fast as 200.
#include "chart/held_item.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionGraphicsItem>

#include "chart/exposed_parts.hpp"

namespace poolscope::chart {

HeldItem::HeldItem(RunModel* model, const ChartTheme* theme) : model_(model), theme_(theme) {
  setFlag(QGraphicsItem::ItemUsesExtendedStyleOption);
  setZValue(10);
}

void HeldItem::setGeometry(const QRectF& plot, const TimeScale& scale, double yMax) {
  prepareGeometryChange();
  plot_ = plot;
  scale_ = scale;
  yMax_ = std::max(1.0, yMax);
  update();
}

void HeldItem::setNowSeconds(double nowSeconds) {
  const double old = nowSeconds_;
  nowSeconds_ = nowSeconds;
  if (old < 0.0 || nowSeconds < old) {
    update();  // going live, ending or going back: the curve's end moves anywhere
    return;
  }
  changedFrom(old);
}

void HeldItem::setScrubCursor(std::optional<double> tSeconds) {
  cursor_ = tSeconds;
  update();
}

void HeldItem::setRevealUntil(std::optional<double> tSeconds) {
  if (tSeconds == revealUntil_) return;
  revealUntil_ = tSeconds;
  update();
}

void HeldItem::setZoomed(bool zoomed) {
  zoomed_ = zoomed;
  update();
}

void HeldItem::changedFrom(double tSeconds) {
  const double x = std::max(plot_.left(), scale_.x(tSeconds) - 2.0);
  // Live, the curve ends at "now": nothing right of it changes (unless the run has ended: then it reaches the
  // latest time seen).
  const bool live = nowSeconds_ >= 0.0 && !cursor_ && model_ && !model_->finished();
  const double right = live ? std::min(plot_.right(), scale_.x(nowSeconds_) + 3.0) : plot_.right();
  if (right + 2.0 <= x) return;
  update(QRectF(QPointF(x, plot_.top() - 2.0), QPointF(right + 2.0, plot_.bottom() + 2.0)));
}

void HeldItem::paintColumns(QPainter* p, const QRectF& exposed, double untilSeconds) const {
  // Many steps per pixel: one column of fill and one vertical stroke per pixel, merged into runs.
  // Stroking a path that zig-zags in every column costs hundreds of milliseconds; rectangles cost almost nothing.
  const int first = static_cast<int>(std::floor(std::max(exposed.left(), plot_.left())));
  const int last = static_cast<int>(std::ceil(std::min(exposed.right(), scale_.x(model_->heldCurveEnd(untilSeconds)))));
  if (last < first) return;
  const std::size_t n = static_cast<std::size_t>(last - first + 1);
  std::vector<int> lo(n, std::numeric_limits<int>::max()), hi(n, std::numeric_limits<int>::min());
  int level = 0;
  std::size_t col = 0;
  auto extendTo = [&](std::size_t upto) {
    for (; col < upto && col < n; ++col) {
      lo[col] = std::min(lo[col], level);
      hi[col] = std::max(hi[col], level);
    }
  };
  // Only the steps from the left of the exposed part on (a live frame repaints a band near "now"), and none past
  // its right edge.
  const double from = std::max(0.0, scale_.t(static_cast<double>(first) - 1.0));
  model_->visitHeldCurve(untilSeconds, from, [&](const HeldPoint& point) {
    const double x = scale_.x(point.tSeconds);
    const long px = static_cast<long>(std::floor(x)) - first;
    if (px >= 0) {
      extendTo(static_cast<std::size_t>(std::min<long>(px, static_cast<long>(n))));
      if (px >= static_cast<long>(n)) return false;
      const auto c = static_cast<std::size_t>(px);
      lo[c] = std::min({lo[c], level, point.held});
      hi[c] = std::max({hi[c], level, point.held});
    }
    level = point.held;
    return true;
  });
  extendTo(n);
  p->save();
  p->setClipRect(exposed);
  p->setRenderHint(QPainter::Antialiasing, false);
  const double line = 2.5;
  for (std::size_t c = 0; c < n;) {
    std::size_t run = c + 1;
    while (run < n && hi[run] == hi[c] && lo[run] == lo[c]) ++run;
    const double x0 = first + static_cast<double>(c);
    const double w = static_cast<double>(run - c);
    const double top = yOf(hi[c]);
    p->fillRect(QRectF(x0, top, w, plot_.bottom() - top), theme_->heldFill);
    p->fillRect(QRectF(x0, top - line / 2.0, w, yOf(lo[c]) - top + line), theme_->heldLine);
    c = run;
  }
  if (cursor_) {
    p->setPen(QPen(theme_->cursor, 2.5));
    const double x = scale_.x(*cursor_);
    p->drawLine(QPointF(x, plot_.top()), QPointF(x, plot_.bottom()));
  }
  p->restore();
}

double HeldItem::yOf(int held) const { return plot_.bottom() - static_cast<double>(held) / yMax_ * plot_.height(); }

QRectF HeldItem::boundingRect() const { return plot_.adjusted(-2.0, -2.0, 2.0, 2.0); }

void HeldItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget* /*widget*/) {
  if (!model_) return;
  QRectF exposed = (option->exposedRect.isEmpty() ? boundingRect() : option->exposedRect) & boundingRect();
  if (zoomed_) exposed &= plot_.adjusted(0.0, -2.0, 0.0, 2.0);  // zoomed in: nothing past the plot's edges
  // Only the part of the view being repainted (a live frame: from the earliest change to "now").
  QRectF parts;
  for (const QRectF& part : exposedParts(p, exposed)) parts |= part;
  exposed = parts;
  if (exposed.isEmpty()) return;
  double until = cursor_ ? *cursor_ : (nowSeconds_ >= 0.0 ? nowSeconds_ : -1.0);
  if (model_->finished() && !cursor_) until = -1.0;
  if (revealUntil_) {
    until = until < 0.0 ? *revealUntil_ : std::min(until, *revealUntil_);
    // What comes after is for the class to predict.
    const double x = std::max(plot_.left(), scale_.x(until));
    if (x < plot_.right()) {
      p->save();
      p->setClipRect(exposed);
      QColor hatch = theme_->mutedText;
      hatch.setAlpha(60);
      p->fillRect(QRectF(QPointF(x, plot_.top()), plot_.bottomRight()), QBrush(hatch, Qt::BDiagPattern));
      p->setPen(theme_->mutedText);
      p->setFont(theme_->smallFont);
      p->drawText(QRectF(QPointF(x, plot_.top()), plot_.bottomRight()), Qt::AlignCenter, QStringLiteral("?"));
      p->restore();
    }
  }
  if (static_cast<double>(model_->heldCurveSize(until)) > plot_.width() / 3.0) {
    paintColumns(p, exposed, until);
    return;
  }
  const std::vector<HeldPoint> curve = model_->heldCurve(until);
  // Steps in the same pixel column collapse into one vertical span (entering, highest, lowest, leaving value)
  // so a curve of 20,000 steps costs about as much as one of 2,000 pixels.
  QPainterPath path;
  path.moveTo(scale_.x(0.0), plot_.bottom());
  struct Column {
    int px = std::numeric_limits<int>::min();
    double x = 0.0;
    int enter = 0, lo = 0, hi = 0, leave = 0;
  } col;
  auto flush = [&]() {
    if (col.px == std::numeric_limits<int>::min()) return;
    // Visit the extremes in the order that never doubles back on itself when it need not.
    const bool rising = col.leave >= col.enter;
    int at = col.enter;
    path.lineTo(col.x, yOf(at));
    for (int level : {rising ? col.lo : col.hi, rising ? col.hi : col.lo, col.leave}) {
      if (level != at) path.lineTo(col.x, yOf(level));
      at = level;
    }
  };
  int prev = 0;
  for (const HeldPoint& point : curve) {
    const double x = scale_.x(point.tSeconds);
    const int px = static_cast<int>(std::floor(x));
    if (px != col.px) {
      flush();
      col = Column{px, x, prev, std::min(prev, point.held), std::max(prev, point.held), point.held};
    } else {
      col.lo = std::min(col.lo, point.held);
      col.hi = std::max(col.hi, point.held);
      col.leave = point.held;
    }
    prev = point.held;
  }
  flush();
  const double endX = curve.empty() ? scale_.x(0.0) : scale_.x(curve.back().tSeconds);
  p->save();
  p->setClipRect(exposed);
  p->setRenderHint(QPainter::Antialiasing, true);
  QPainterPath fill = path;
  fill.lineTo(endX, plot_.bottom());
  fill.closeSubpath();
  p->fillPath(fill, theme_->heldFill);
  p->setPen(QPen(theme_->heldLine, 2.5, Qt::SolidLine, Qt::FlatCap, Qt::BevelJoin));
  p->drawPath(path);
  if (cursor_) {
    p->setPen(QPen(theme_->cursor, 2.5));
    const double x = scale_.x(*cursor_);
    p->drawLine(QPointF(x, plot_.top()), QPointF(x, plot_.bottom()));
  }
  p->restore();
}

}  // namespace poolscope::chart
