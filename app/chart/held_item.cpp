// HeldItem: a filled step curve, merged to one vertical span per pixel column so 20,000 steps draw as fast as 200.
#include "chart/held_item.hpp"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>
#include <limits>

namespace poolscope::chart {

HeldItem::HeldItem(RunModel* model, const ChartTheme* theme) : model_(model), theme_(theme) {
  setFlag(QGraphicsItem::ItemUsesExtendedStyleOption);
  setZValue(10);
}

void HeldItem::set_geometry(const QRectF& plot, const TimeScale& scale, double y_max) {
  prepareGeometryChange();
  plot_ = plot;
  scale_ = scale;
  y_max_ = std::max(1.0, y_max);
  update();
}

void HeldItem::set_now_s(double now_s) {
  const double old = now_s_;
  now_s_ = now_s;
  const double from = std::min(old < 0 ? now_s : old, now_s);
  if (from >= 0.0) changed_from(from);
}

void HeldItem::set_cursor(std::optional<double> t_s) {
  cursor_ = t_s;
  update();
}

void HeldItem::changed_from(double t_s) {
  const double x = std::max(plot_.left(), scale_.x(t_s) - 2.0);
  update(QRectF(QPointF(x, plot_.top() - 2.0), QPointF(plot_.right() + 2.0, plot_.bottom() + 2.0)));
}

double HeldItem::y_of(int held) const { return plot_.bottom() - static_cast<double>(held) / y_max_ * plot_.height(); }

QRectF HeldItem::boundingRect() const { return plot_.adjusted(-2.0, -2.0, 2.0, 2.0); }

void HeldItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget* /*widget*/) {
  if (!model_) return;
  const QRectF exposed = (option->exposedRect.isEmpty() ? boundingRect() : option->exposedRect) & boundingRect();
  if (exposed.isEmpty()) return;
  double until = cursor_ ? *cursor_ : (now_s_ >= 0.0 ? now_s_ : -1.0);
  if (model_->finished() && !cursor_) until = -1.0;
  const std::vector<HeldPoint> curve = model_->held_curve(until);
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
    path.lineTo(col.x, y_of(at));
    for (int level : {rising ? col.lo : col.hi, rising ? col.hi : col.lo, col.leave}) {
      if (level != at) path.lineTo(col.x, y_of(level));
      at = level;
    }
  };
  int prev = 0;
  for (const HeldPoint& point : curve) {
    const double x = scale_.x(point.t_s);
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
  const double end_x = curve.empty() ? scale_.x(0.0) : scale_.x(curve.back().t_s);
  p->save();
  p->setClipRect(exposed);
  p->setRenderHint(QPainter::Antialiasing, true);
  QPainterPath fill = path;
  fill.lineTo(end_x, plot_.bottom());
  fill.closeSubpath();
  p->fillPath(fill, theme_->held_fill);
  p->setPen(QPen(theme_->held_line, 2.5, Qt::SolidLine, Qt::FlatCap, Qt::BevelJoin));
  p->drawPath(path);
  if (cursor_) {
    p->setPen(QPen(theme_->cursor, 2.5));
    const double x = scale_.x(*cursor_);
    p->drawLine(QPointF(x, plot_.top()), QPointF(x, plot_.bottom()));
  }
  p->restore();
}

}  // namespace poolscope::chart
