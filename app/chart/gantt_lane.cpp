// GanttItem's caller lane: connectors, shaded waits, the markers of what reached the caller (results, and the
// exception as a square of its own), and the lane's note (answers still hidden, or results a failure lost).
#include <algorithm>
#include <cmath>
#include <limits>

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>

#include "chart/gantt_item.hpp"
#include "chart/task_texts.hpp"

namespace poolscope::chart {

void GanttItem::paintLane(QPainter* p, const QRectF& exposed, double t0, double t1) const {
  const QRectF lane = laneRect();
  if (!lane.intersects(exposed) && !detailedLane()) return;
  p->fillRect(lane & exposed, theme_->laneBackground);
  p->setPen(QPen(theme_->axis, 1.0));
  p->drawLine(QPointF(lane.left(), lane.top()), QPointF(lane.right(), lane.top()));
  const auto& order = model_->emissionOrder();
  const auto& tasks = model_->run().tasks;
  if (!detailedLane()) {
    // Dense: one tick per pixel column that received anything.
    auto it = std::lower_bound(order.begin(), order.end(), t0, [this, &tasks](std::uint64_t i, double t) {
      return model_->seconds(tasks[i].emit_ns) < t;
    });
    // Dense: one tick per pixel column that received anything, drawn once however many results fell in it; a
    // column where the caller received an exception is ticked in the failure colour.
    QColor tick = theme_->connector;
    tick.setAlpha(140);
    const double inset = std::max(6.0, lane.height() * 0.22);
    int column = std::numeric_limits<int>::min();
    bool columnFailed = false;
    auto drawTick = [&] {
      if (column == std::numeric_limits<int>::min()) return;
      // A one-pixel column, as a 1-pixel pen centred in it with square caps would draw, without the stroker.
      p->fillRect(QRectF(column, lane.top() + inset - 0.5, 1.0, lane.height() - 2.0 * inset + 1.0),
                  columnFailed ? theme_->failed : tick);
    };
    // Nothing hidden (no cursor, no prediction): the rest of a column's hand-overs need only their time and status.
    const bool allShown = !cursor_ && !reveal_;
    const double nsPerPixel = 1e9 / scale_.pixelsPerSecond();
    for (; it != order.end(); ++it) {
      const TaskRecord& task = tasks[*it];
      const double t = model_->seconds(task.emit_ns);
      if (t > t1 || !shownEmitted(task)) break;
      const int px = static_cast<int>(std::floor(scale_.x(t)));
      if (px != column) {
        drawTick();
        column = px;
        columnFailed = false;
      }
      columnFailed = columnFailed || task.status != TaskStatus::ok;
      if (!allShown) continue;
      // Emission times only grow along the order: skip to the first one past this column.
      const double columnEnd =
          static_cast<double>(model_->run().origin_ns) + scale_.t(px + 1.0) * 1e9 - nsPerPixel * 1e-6;
      while (std::next(it) != order.end() && static_cast<double>(tasks[*std::next(it)].emit_ns) < columnEnd) {
        ++it;
        columnFailed = columnFailed || tasks[*it].status != TaskStatus::ok;
      }
    }
    drawTick();
    paintLaneNote(p, exposed);
    return;
  }
  // Detailed: connector from the bar's end down to the marker's level, the wait shaded up to the marker.
  const double bandH = std::max(6.0, markers_.diameter() * 0.42);
  QColor line = theme_->connector;
  line.setAlpha(170);
  for (std::size_t k = 0; k < order.size() && k < markers_.placed(); ++k) {
    const TaskRecord& task = tasks[order[k]];
    if (!shownEmitted(task)) continue;
    const QRectF bar = barRect(task.index);
    const QRectF marker = markerRect(task);
    const double xf = bar.isEmpty() ? marker.center().x() : bar.right();
    const double y = marker.center().y();
    if (marker.left() - xf > 1.0) {
      p->fillRect(QRectF(xf, y - bandH / 2.0, marker.left() - xf, bandH), theme_->waitShade);
    }
    if (!bar.isEmpty()) {
      p->setPen(QPen(line, 1.4));
      p->drawLine(QPointF(xf, bar.bottom()), QPointF(xf, y));
    }
  }
  paintMarkers(p, exposed);
  paintLaneNote(p, exposed);
}

void GanttItem::paintMarkers(QPainter* p, const QRectF& exposed) const {
  const auto& order = model_->emissionOrder();
  const auto& tasks = model_->run().tasks;
  p->setFont(theme_->smallFont);
  for (const MarkerLayout::Marker& m : markers_.markers()) {
    // Under a replay cursor, a marker shows the results handed over so far.
    if (m.first >= order.size() || !shownEmitted(tasks[order[m.first]])) continue;
    std::size_t last = m.first;
    while (last < m.last && shownEmitted(tasks[order[last + 1]])) ++last;
    const QRectF whole = markers_.rect(*model_, m, last, markersTop());
    if (!whole.adjusted(-2, -2, 2, 2).intersects(exposed)) continue;
    const auto chips = markers_.chips(*model_, m, last);
    const bool folded = chips.size() == 1 && last > m.first;  // many results at one instant: "2 … 200"
    double x = whole.left();
    for (const MarkerLayout::Chip& chip : chips) {
      const QRectF r(x, whole.top(), chip.width, whole.height());
      x += chip.width + 2.0;
      const QColor fill = chip.failed ? theme_->failed : folded ? theme_->marker : theme_->taskColor(chip.task);
      p->setBrush(fill);
      if (chip.failed) {
        // The exception the caller received: square and framed in the text colour, unlike any result.
        p->setPen(QPen(theme_->text, 2.0));
        p->drawRect(r.adjusted(1.0, 1.0, -1.0, -1.0));
      } else {
        p->setPen(QPen(theme_->marker, 1.5));
        p->drawRoundedRect(r, r.height() / 2.0, r.height() / 2.0);
      }
      p->setPen(chip.failed ? QColor(Qt::white) : ChartTheme::textOn(fill));
      p->drawText(r, Qt::AlignCenter, chip.text);
    }
  }
  p->setBrush(Qt::NoBrush);
}

std::size_t GanttItem::shownArrivals() const {
  if (!model_) return 0;
  std::size_t n = 0;
  for (std::uint64_t i : model_->emissionOrder()) {
    if (!shownEmitted(model_->run().tasks[i])) break;
    ++n;
  }
  return n;
}

QString GanttItem::laneNote() const {
  if (!model_ || model_->empty()) return {};
  if (!allRevealed()) {
    return QCoreApplication::translate("poolscope::chart::GanttItem",
                                       "? In which order does the caller get the results? Predict, then reveal");
  }
  if (cursor_ && *cursor_ < model_->endSeconds()) return {};
  return lostResultsNote(*model_);
}

void GanttItem::paintLostBar(QPainter* p, const QRectF& bar, const TaskRecord& task) const {
  // Hollow and struck through: the work was done, the caller never saw the result.
  QColor edge = theme_->taskColor(task.index);
  QColor faint = edge;
  faint.setAlpha(40);
  p->fillRect(bar, faint);
  p->setBrush(Qt::NoBrush);
  p->setPen(QPen(edge, 2.0, Qt::DashLine));
  p->drawRect(bar.adjusted(1.0, 1.0, -1.0, -1.0));
  edge.setAlpha(150);
  p->setPen(QPen(edge, 1.5));
  p->drawLine(bar.bottomLeft(), bar.topRight());
}

void GanttItem::paintLaneNote(QPainter* p, const QRectF& exposed) const {
  const QString note = laneNote();
  if (note.isEmpty()) return;
  const QRectF lane = laneRect();
  if (!lane.intersects(exposed)) return;
  const QFontMetricsF fm(theme_->smallFont);
  const double h = std::min(markers_.diameter(), lane.height() - 4.0);
  const double y = markersTop();
  // In the widest stretch of the first level that no marker covers.
  double freeLeft = lane.left() + 6.0;
  double bestLeft = freeLeft, bestRight = freeLeft;
  const auto& order = model_->emissionOrder();
  for (const MarkerLayout::Marker& m : markers_.markers()) {
    if (m.level != 0 || m.first >= order.size() || !shownEmitted(model_->run().tasks[order[m.first]])) continue;
    if (m.left - 6.0 - freeLeft > bestRight - bestLeft) {
      bestLeft = freeLeft;
      bestRight = m.left - 6.0;
    }
    freeLeft = std::max(freeLeft, m.left + m.width + 6.0);
  }
  if (lane.right() - 6.0 - freeLeft > bestRight - bestLeft) {
    bestLeft = freeLeft;
    bestRight = lane.right() - 6.0;
  }
  const double room = bestRight - bestLeft - 12.0;
  if (room < fm.averageCharWidth() * 8.0) return;
  const QString text = fm.elidedText(note, Qt::ElideRight, room);
  const QRectF box(bestLeft, y, fm.horizontalAdvance(text) + 12.0, h);
  const bool hidden = reveal_.has_value() && !allRevealed();
  QColor ink = hidden ? theme_->mutedText : theme_->failed;
  p->setBrush(theme_->background);
  p->setPen(QPen(ink, 1.5, hidden ? Qt::DashLine : Qt::SolidLine));
  p->drawRoundedRect(box, 4.0, 4.0);
  p->setFont(theme_->smallFont);
  p->setPen(hidden ? theme_->text : theme_->failed);
  p->drawText(box, Qt::AlignCenter, text);
  p->setBrush(Qt::NoBrush);
}

}  // namespace poolscope::chart
