// GanttItem: the bars, caller lane, connectors and markers of one run, drawn with QPainter directly so that
// 10,000 tasks cost one pass over the visible tasks instead of 10,000 scene items or chart series.
#include "chart/gantt_item.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGraphicsSceneHoverEvent>
#include <QPainter>
#include <QRegion>
#include <QStyleOptionGraphicsItem>

#include "chart/dense_columns.hpp"
#include "chart/exposed_parts.hpp"
#include "chart/task_texts.hpp"

namespace poolscope::chart {

namespace {

constexpr double kMinBarPixels = 1.5;  // many tasks: thinner bars are merged into one span per run of neighbours
constexpr double kMinShortBar = 4.0;   // few tasks: no bar is thinner, a 0-second task included

// `amount` of the way from `a` to `b`.
QColor blend(const QColor& a, const QColor& b, double amount) {
  return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * amount),
                          static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * amount),
                          static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * amount));
}

bool isFailed(const TaskRecord& t) { return t.status == TaskStatus::error || t.status == TaskStatus::crashed; }

}  // namespace

GanttItem::GanttItem(RunModel* model, const ChartTheme* theme) : model_(model), theme_(theme) {
  setFlag(QGraphicsItem::ItemUsesExtendedStyleOption);
  setAcceptHoverEvents(true);
  setZValue(10);
}

void GanttItem::setGeometry(const QRectF& plot, double labelsLeft, const TimeScale& scale) {
  prepareGeometryChange();
  plot_ = plot;
  labelsLeft_ = labelsLeft;
  scale_ = scale;
  const double markerD = markerDiameter(*theme_);
  const std::size_t rows = model_ ? model_->rows().size() : 0;
  // The caller lane: room for up to three stacked markers, never more than 30 % of the plot, and always one.
  double laneH = std::max(markerD + 8.0, std::min(3.0 * (markerD + 4.0) + 8.0, plot.height() * 0.3));
  laneH = std::max(markerD + 8.0, std::min(laneH, plot.height() - static_cast<double>(rows) * minRowHeight(*theme_)));
  if (rows == 0) laneH = plot.height();
  rowH_ = rows > 0 ? std::max(1.0, plot.height() - laneH) / static_cast<double>(rows) : 0.0;
  laneTop_ = plot.top() + rowH_ * static_cast<double>(rows);
  levels_ = std::max(1, static_cast<int>(std::floor((plot.bottom() - laneTop_ - 4.0) / (markerD + 4.0))));
  rebuild();
}

double GanttItem::markerDiameter(const ChartTheme& theme) {
  return std::ceil(QFontMetricsF(theme.smallFont).height() + 8.0);
}

double GanttItem::minRowHeight(const ChartTheme& theme) {
  return std::ceil(QFontMetricsF(theme.smallFont).height() + 2.0);
}

double GanttItem::minimumHeight(const ChartTheme& theme, std::size_t rows) {
  return static_cast<double>(std::max<std::size_t>(rows, 1)) * minRowHeight(theme) + markerDiameter(theme) + 8.0;
}

QString GanttItem::rowLabel(const WorkerRow& row, const QFontMetricsF& fm, double width) {
  // The pid goes first, then the word; the row's name never does ("W1").
  const QStringList forms = row.labelForms();
  for (const QString& form : forms) {
    if (fm.horizontalAdvance(form) <= width) return form;
  }
  return forms.back();
}

void GanttItem::setNowSeconds(double nowSeconds) {
  if (nowSeconds == nowSeconds_) return;
  const double oldNow = nowSeconds_;
  nowSeconds_ = nowSeconds;
  if (!model_) return;
  const double hi = std::max(oldNow, nowSeconds);
  for (std::uint64_t index : model_->running()) {
    const TaskRecord& task = model_->run().tasks[index];
    const int row = model_->rowOfWorker(task.worker);
    if (row < 0) continue;
    const double x0 = scale_.x(model_->seconds(task.start_ns));
    update(QRectF(x0 - 2.0, rowTop(row), scale_.x(hi) - x0 + 4.0, rowH_));
  }
  for (double t : {oldNow, nowSeconds}) {
    if (t >= 0.0) update(QRectF(scale_.x(t) - 3.0, plot_.top(), 6.0, plot_.height()));
  }
}

void GanttItem::setScrubCursor(std::optional<double> tSeconds) {
  cursor_ = tSeconds;
  update();
}

void GanttItem::setRevealLimit(std::optional<std::size_t> arrivals) {
  if (arrivals == reveal_) return;
  reveal_ = arrivals;
  update();
}

void GanttItem::setZoomed(bool zoomed) {
  if (zoomed == zoomed_) return;
  zoomed_ = zoomed;
  rebuild();
}

void GanttItem::rebuild() {
  markers_.reset(model_ ? model_->run().tasks.size() : 0, levels_, plot_.left(), plot_.right(), markerDiameter(*theme_),
                 theme_->smallFont, !zoomed_);
  laneDetailed_ = detailedLane();
  if (model_ && laneDetailed_) markers_.place(*model_, scale_);
  update();
}

bool GanttItem::detailedLane() const {
  return model_ && static_cast<double>(model_->emissionOrder().size()) <= std::max(8.0, plot_.width() / 10.0);
}

double GanttItem::rowTop(int row) const { return plot_.top() + rowH_ * row; }

bool GanttItem::sparse() const {
  return model_ && static_cast<double>(model_->run().tasks.size()) <= std::max(64.0, plot_.width() / 8.0);
}

double GanttItem::barHeight() const {
  // Tall rows would make blocks, not bars; short rows keep a visible gap between workers.
  return std::min(rowH_ * (rowH_ > 40.0 ? 0.62 : 0.78), 96.0);
}

bool GanttItem::visibleSpan(const TaskRecord& task, double& t0, double& t1) const {
  if (task.status == TaskStatus::pending || task.worker <= 0) return false;
  t0 = model_->seconds(task.start_ns);
  if (is_finished(task.status)) {
    t1 = model_->seconds(std::max(task.finish_ns, task.start_ns));
  } else {
    t1 = nowSeconds_ >= 0.0 ? std::max(nowSeconds_, t0) : std::max(model_->latestSeconds(), t0);
  }
  if (cursor_) {
    if (t0 > *cursor_) return false;
    t1 = std::min(t1, *cursor_);
  }
  return true;
}

bool GanttItem::shownEmitted(const TaskRecord& task) const {
  if (task.emit_order < 0 || !revealed(task)) return false;
  return !cursor_ || model_->seconds(task.emit_ns) <= *cursor_;
}

bool GanttItem::revealed(const TaskRecord& task) const {
  if (!reveal_) return true;
  const auto& order = model_->emissionOrder();
  const std::size_t k = std::min(*reveal_, order.size());
  if (k == 0 || task.emit_order < 0) return false;
  return task.emit_order <= model_->run().tasks[order[k - 1]].emit_order;
}

bool GanttItem::allRevealed() const {
  // Reveal all (the largest limit) holds for what a live run hands over later as well.
  return !reveal_ || *reveal_ == std::numeric_limits<std::size_t>::max() ||
         (model_->finished() && *reveal_ >= model_->emissionOrder().size());
}

bool GanttItem::resultShown(const TaskRecord& task) const {
  if (task.status != TaskStatus::ok) return false;
  if (cursor_ && *cursor_ < model_->seconds(std::max(task.finish_ns, task.start_ns))) return false;
  if (!reveal_) return true;
  return task.emit_order >= 0 ? revealed(task) : allRevealed();
}

bool GanttItem::lostShown(const TaskRecord& task) const {
  return model_->neverHandedOver(task) && allRevealed() && (!cursor_ || *cursor_ >= model_->endSeconds());
}

bool GanttItem::cancelledShown(const TaskRecord& task) const {
  return !is_finished(task.status) && model_->finished() && (!cursor_ || *cursor_ >= model_->endSeconds());
}

TaskRecord GanttItem::visibleRecord(const TaskRecord& task) const {
  TaskRecord seen = task;
  if (cursor_ && is_finished(task.status) && *cursor_ < model_->seconds(std::max(task.finish_ns, task.start_ns))) {
    seen.status = TaskStatus::running;  // not finished yet at the cursor: no result, no message
    seen.finish_ns = 0;
    seen.result.clear();
    seen.message.clear();
  } else if (task.status == TaskStatus::ok && !resultShown(task)) {
    seen.result = "?";
  }
  if (!shownEmitted(task)) {
    seen.emit_order = -1;
    seen.emit_ns = 0;
  }
  return seen;
}

QString GanttItem::barLabel(std::uint64_t index) const {
  const TaskRecord* task = model_ ? model_->task(index) : nullptr;
  if (task == nullptr || barRect(index).isEmpty()) return {};
  const QFontMetricsF fm(theme_->labelFont);
  return barText(visibleRecord(*task), 1e6, fm, resultShown(*task), cancelledShown(*task));
}

bool GanttItem::drawnAsLost(std::uint64_t index) const {
  const TaskRecord* task = model_ ? model_->task(index) : nullptr;
  return task != nullptr && !barRect(index).isEmpty() && lostShown(*task);
}

QRectF GanttItem::markerRect(const TaskRecord& task) const {
  const std::int64_t m = markers_.markerOf(task.index);
  if (m < 0 || static_cast<std::size_t>(m) >= markers_.markers().size()) return {};
  const MarkerLayout::Marker& marker = markers_.markers()[static_cast<std::size_t>(m)];
  return markers_.rect(*model_, marker, marker.last, markersTop());
}

QRectF GanttItem::resultMarkerRect(std::uint64_t index) const {
  const TaskRecord* task = model_ ? model_->task(index) : nullptr;
  return task == nullptr ? QRectF() : markerRect(*task);
}

QRectF GanttItem::barRect(std::uint64_t index) const {
  if (!model_) return {};
  const TaskRecord* task = model_->task(index);
  double t0 = 0.0, t1 = 0.0;
  if (task == nullptr || !visibleSpan(*task, t0, t1)) return {};
  const int row = model_->rowOfWorker(task->worker);
  if (row < 0) return {};
  const double barH = barHeight();
  const double top = rowTop(row) + (rowH_ - barH) / 2.0;
  const double x0 = scale_.x(t0);
  return QRectF(x0, top, std::max(scale_.x(t1) - x0, sparse() ? kMinShortBar : 1.0), barH);
}

QRectF GanttItem::laneRect() const { return QRectF(plot_.left(), laneTop_, plot_.width(), plot_.bottom() - laneTop_); }

void GanttItem::tasksChanged(const std::vector<std::uint64_t>& indices) {
  if (!model_) return;
  const bool detailed = detailedLane();
  if (laneDetailed_ != detailed) {
    rebuild();
    return;
  }
  if (detailed && model_->emissionOrder().size() > markers_.placed()) {
    // A marker that grew (map hands over several results at once) is repainted whole, before and after.
    const std::size_t before = markers_.markers().size();
    auto lastRect = [this] {
      const MarkerLayout::Marker& m = markers_.markers().back();
      return markers_.rect(*model_, m, m.last, markersTop()).adjusted(-4, -4, 4, 4);
    };
    if (before > 0) update(lastRect());
    markers_.place(*model_, scale_);
    if (before > 0 && markers_.markers().size() >= before) update(lastRect());
  }
  for (std::uint64_t index : indices) {
    const QRectF bar = barRect(index);
    // A short bar's label may sit beside it.
    if (!bar.isEmpty()) update(bar.adjusted(sparse() ? -200.0 : -4.0, -6.0, sparse() ? 200.0 : 4.0, 6.0));
    const TaskRecord* task = model_->task(index);
    if (task == nullptr || task->emit_order < 0) continue;
    const double xe = scale_.x(model_->seconds(task->emit_ns));
    if (detailed) {
      const QRectF marker = markerRect(*task);
      const double xf = bar.isEmpty() ? xe : bar.right();
      const double top = bar.isEmpty() ? laneTop_ : bar.bottom();
      update(QRectF(QPointF(std::min(xf, marker.left()) - 3.0, top - 2.0),
                    QPointF(std::max(xe, marker.right()) + 3.0, plot_.bottom())));
    } else {
      update(QRectF(xe - 2.0, laneTop_, 4.0, plot_.bottom() - laneTop_));
    }
  }
}

QRectF GanttItem::boundingRect() const {
  return QRectF(QPointF(labelsLeft_, plot_.top() - 8.0), QPointF(plot_.right() + 8.0, plot_.bottom() + 2.0));
}

void GanttItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget* /*widget*/) {
  if (!model_) return;
  QRectF exposed = option->exposedRect.isEmpty() ? boundingRect() : option->exposedRect;
  exposed &= boundingRect();
  if (exposed.isEmpty()) return;
  p->save();
  p->setRenderHint(QPainter::Antialiasing, true);
  p->setRenderHint(QPainter::TextAntialiasing, true);
  // A live batch dirties a few scattered strips: paint each strip of the repainted region, not its bounding box.
  const std::vector<QRectF> parts = exposedParts(p, exposed);
  if (parts.empty()) {
    p->restore();
    return;
  }
  QRectF partsBox;
  for (const QRectF& part : parts) partsBox |= part;
  paintLabels(p, partsBox);
  // Zoomed in, bars end at the plot's edges; else a short bar at 0 s may reach a few pixels past them.
  const QRectF plotClip = zoomed_ ? plot_.adjusted(0.0, -6.0, 0.0, 0.0) : plot_.adjusted(-6.0, -6.0, 6.0, 0.0);
  for (const QRectF& part : parts) {
    const double t0 = scale_.t(std::max(part.left(), plot_.left()) - 2.0);
    const double t1 = scale_.t(part.right() + 2.0);
    p->save();
    p->setClipRect(plotClip & part.adjusted(-1, -1, 1, 1), Qt::IntersectClip);
    paintRows(p, part, t0, t1);
    paintLane(p, part, t0, t1);
    p->restore();
  }
  // The replay cursor, or the live "now" line.
  if ((cursor_ || nowSeconds_ >= 0.0) && plot_.left() - 1.0 <= scale_.x(cursor_ ? *cursor_ : nowSeconds_) &&
      scale_.x(cursor_ ? *cursor_ : nowSeconds_) <= plot_.right() + 1.0) {
    const double x = scale_.x(cursor_ ? *cursor_ : nowSeconds_);
    QPen pen(cursor_ ? theme_->cursor : theme_->mutedText, cursor_ ? 2.5 : 1.5);
    if (!cursor_) pen.setStyle(Qt::DashLine);
    p->setPen(pen);
    p->drawLine(QPointF(x, plot_.top()), QPointF(x, plot_.bottom()));
  }
  p->restore();
}

void GanttItem::paintLabels(QPainter* p, const QRectF& exposed) const {
  const double right = plot_.left() - 12.0;
  if (exposed.left() > right) return;
  const double width = right - labelsLeft_;
  // Every row is labelled: short rows take the smaller font, and rows shorter than that a font that fits.
  QFont font = QFontMetricsF(theme_->labelFont).height() <= rowH_ + 1.0 ? theme_->labelFont : theme_->smallFont;
  if (QFontMetricsF(font).height() > rowH_ + 1.0) font.setPixelSize(std::max(8, static_cast<int>(rowH_ * 0.75)));
  const QFontMetricsF fm(font);
  p->setFont(font);
  p->setPen(theme_->text);
  const auto& rows = model_->rows();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const QRectF box(labelsLeft_, rowTop(static_cast<int>(r)), width, rowH_);
    if (!box.intersects(exposed)) continue;
    p->drawText(QRectF(labelsLeft_, box.center().y() - fm.height() / 2.0, width, fm.height()),
                Qt::AlignLeft | Qt::AlignVCenter, rowLabel(rows[r], fm, width));
  }
  const QRectF lane(labelsLeft_, laneTop_, width, plot_.bottom() - laneTop_);
  if (lane.intersects(exposed)) {
    QFont bold = theme_->labelFont;
    bold.setBold(true);
    const QFontMetricsF bfm(bold);
    if (bfm.height() > lane.height() - 4.0) {
      bold = theme_->smallFont;
      bold.setBold(true);
    }
    p->setFont(bold);
    const QFontMetricsF lfm(bold);
    QString caller = QCoreApplication::translate("poolscope::chart::GanttItem", "Caller");
    const QString withPid =
        QCoreApplication::translate("poolscope::chart::GanttItem", "Caller (pid %1)").arg(model_->run().caller_pid);
    if (model_->run().caller_pid > 0 && lfm.horizontalAdvance(withPid) <= width) caller = withPid;
    p->drawText(QRectF(labelsLeft_, lane.top() + 4.0, width, lfm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                lfm.elidedText(caller, Qt::ElideRight, width));
    const QString received = QCoreApplication::translate("poolscope::chart::GanttItem", "results received");
    const QFontMetricsF sfm(theme_->smallFont);
    if (lane.height() >= lfm.height() + sfm.height() + 8.0 && sfm.horizontalAdvance(received) <= width) {
      p->setFont(theme_->smallFont);
      p->setPen(theme_->mutedText);
      p->drawText(QRectF(labelsLeft_, lane.top() + 6.0 + lfm.height(), width, sfm.height()),
                  Qt::AlignLeft | Qt::AlignVCenter, received);
    }
  }
}

void GanttItem::paintRows(QPainter* p, const QRectF& exposed, double t0, double t1) const {
  const auto& rows = model_->rows();
  const QFontMetricsF fm(theme_->labelFont);
  const double smallHeight = QFontMetricsF(theme_->smallFont).height();
  const double barH = barHeight();
  const bool chunks = model_->run().chunksize > 1;
  const bool fewTasks = sparse();
  QColor zebra = theme_->laneBackground;
  zebra.setAlpha(110);
  // Bars thinner than a pixel and a half: one column per pixel, in the colour of its most telling status.
  QColor runningDense = theme_->mutedText;
  runningDense.setAlpha(170);
  const DenseColumns::Colours denseColours = {QColor(), theme_->mutedText, runningDense,
                                              blend(theme_->plotBackground, theme_->mutedText, 0.35), theme_->failed};
  DenseColumns dense;
  dense.reset(std::max(exposed.left(), plot_.left() - 6.0) - 1.0, std::min(exposed.right(), plot_.right() + 6.0) + 1.0);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const int row = static_cast<int>(r);
    const QRectF rowBox(plot_.left(), rowTop(row), plot_.width(), rowH_);
    if (!rowBox.intersects(exposed)) continue;
    if (r % 2 == 1) p->fillRect(rowBox & exposed, zebra);
    const double top = rowBox.top() + (rowH_ - barH) / 2.0;
    const auto& tasks = model_->rowTasks(row);
    if (tasks.empty()) continue;
    // Bars of one row never overlap and are sorted by start: start one before the first bar that starts
    // in view (it may reach into it), and at the start of its chunk so chunk outlines are whole.
    auto it = std::lower_bound(tasks.begin(), tasks.end(), t0, [this](std::uint64_t i, double t) {
      return model_->seconds(model_->run().tasks[i].start_ns) < t;
    });
    std::size_t i = static_cast<std::size_t>(it - tasks.begin());
    if (i > 0) --i;
    if (chunks) {
      const std::uint64_t chunk = model_->run().tasks[tasks[i]].chunk;
      while (i > 0 && model_->run().tasks[tasks[i - 1]].chunk == chunk) --i;
    }
    auto flushDense = [&]() {
      if (!dense.empty()) dense.flush(p, top, barH, denseColours);
    };
    std::int64_t groupChunk = -1;
    double groupX0 = 0.0, groupX1 = 0.0;
    double previousEnd = plot_.left();  // right end of the bar drawn before, for a label beside the next one
    auto flushGroup = [&]() {
      if (groupChunk >= 0 && groupX1 - groupX0 >= 6.0) {
        p->setPen(QPen(theme_->chunkEdge, 2.0));
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(QRectF(groupX0 - 2.0, top - 4.0, groupX1 - groupX0 + 4.0, barH + 8.0), 3.0, 3.0);
      }
      groupChunk = -1;
    };
    for (; i < tasks.size(); ++i) {
      const TaskRecord& task = model_->run().tasks[tasks[i]];
      double s0 = 0.0, s1 = 0.0;
      if (!visibleSpan(task, s0, s1)) {
        if (cursor_) break;  // sorted by start: every later bar starts after the cursor too
        continue;
      }
      if (s0 > t1) break;
      const double x0 = scale_.x(s0);
      const double x1 = std::max(scale_.x(s1), fewTasks ? x0 + kMinShortBar : 0.0);
      if (chunks && static_cast<std::int64_t>(task.chunk) != groupChunk) {
        flushGroup();
        groupChunk = static_cast<std::int64_t>(task.chunk);
        groupX0 = x0;
      }
      if (chunks) groupX1 = x1;
      // Stop cut it off: grey and hatched, never mistaken for a task still running.
      const bool cancelled = cancelledShown(task);
      const bool running =
          !cancelled && (!is_finished(task.status) || (cursor_ && s1 < model_->seconds(task.finish_ns)));
      // A failure shows only once the replay reaches it.
      const bool failed = isFailed(task) && !running;
      if (x1 - x0 < kMinBarPixels) {
        dense.add(x0, x1,
                  failed      ? DenseColumns::failed
                  : cancelled ? DenseColumns::cancelled
                  : running   ? DenseColumns::running
                              : DenseColumns::done);
        continue;
      }
      flushDense();
      const bool lost = !failed && lostShown(task);
      QColor fill = failed ? theme_->failed : theme_->taskColor(task.index);
      if (cancelled) fill = blend(theme_->plotBackground, theme_->mutedText, 0.35);
      QRectF bar(x0, top, x1 - x0, barH);
      if (bar.width() > 4.0) bar.adjust(0.75, 0.0, -0.75, 0.0);  // a hairline gap between neighbours
      if (running) fill.setAlpha(170);
      if (lost) {
        paintLostBar(p, bar, task);
      } else {
        p->fillRect(bar, fill);
      }
      if (failed && bar.width() > 6.0) p->fillRect(bar, QBrush(QColor(255, 255, 255, 90), Qt::BDiagPattern));
      if (cancelled) {
        QColor hatch = theme_->mutedText;
        hatch.setAlpha(150);
        p->fillRect(bar, QBrush(hatch, Qt::BDiagPattern));
        p->setPen(QPen(theme_->mutedText, 1.0, Qt::DashLine));
        p->setBrush(Qt::NoBrush);
        p->drawRect(bar.adjusted(0.5, 0.5, -0.5, -0.5));
      }
      if (const Qt::BrushStyle pattern = ChartTheme::taskPattern(task.index);
          !failed && !lost && !cancelled && pattern != Qt::NoBrush) {
        QColor ink = ChartTheme::textOn(fill);
        ink.setAlpha(120);
        p->fillRect(bar, QBrush(ink, pattern));
      }
      paintPlanned(p, bar, task, s0, s1);
      if (running && bar.width() > 3.0) {
        p->setPen(QPen(theme_->text, 2.0));
        p->drawLine(QPointF(bar.right(), bar.top()), QPointF(bar.right(), bar.bottom()));
      }
      if (barH < smallHeight * 0.8) {
        previousEnd = bar.right();
        continue;
      }
      const QFont& font = barH >= fm.height() * 0.95 ? theme_->labelFont : theme_->smallFont;
      const QFontMetricsF bfm(font);
      const TaskRecord seen = visibleRecord(task);
      const bool known = resultShown(task);
      // Zoomed in, the label sits in the part of the bar that is in view.
      const QRectF shown = zoomed_ ? bar.intersected(plot_.adjusted(0.0, -6.0, 0.0, 0.0)) : bar;
      QString text = shown.width() > 24.0 ? barText(seen, shown.width() - 10.0, bfm, known, cancelled) : QString();
      if (!text.isEmpty()) {
        p->setFont(font);
        p->setPen(failed ? QColor(Qt::white) : lost || cancelled ? theme_->text : ChartTheme::textOn(fill));
        p->drawText(shown.adjusted(5.0, 0.0, -5.0, 0.0), Qt::AlignCenter, text);
      } else if (fewTasks) {
        // Too short for its label (a 0-second task): the label goes beside the bar, where the row is free.
        double nextStart = plot_.right();
        for (std::size_t j = i + 1; j < tasks.size(); ++j) {
          double n0 = 0.0, n1 = 0.0;
          if (!visibleSpan(model_->run().tasks[tasks[j]], n0, n1)) continue;
          nextStart = scale_.x(n0);
          break;
        }
        const double rightRoom = nextStart - bar.right() - 8.0;
        const double leftRoom = bar.left() - previousEnd - 8.0;
        const bool right = rightRoom >= leftRoom || !barText(seen, rightRoom, bfm, known, cancelled).isEmpty();
        text = barText(seen, right ? rightRoom : leftRoom, bfm, known, cancelled);
        if (!text.isEmpty()) {
          const double w = bfm.horizontalAdvance(text) + 2.0;
          const QRectF box =
              right ? QRectF(bar.right() + 4.0, top, w, barH) : QRectF(bar.left() - 4.0 - w, top, w, barH);
          p->setFont(font);
          p->setPen(failed ? theme_->failed : theme_->text);
          p->drawText(box, Qt::AlignVCenter | (right ? Qt::AlignLeft : Qt::AlignRight), text);
        }
      }
      previousEnd = bar.right();
    }
    flushDense();
    flushGroup();
  }
}

void GanttItem::paintPlanned(QPainter* p, const QRectF& bar, const TaskRecord& task, double s0, double s1) const {
  const double planned = model_->plannedSeconds(task.index);
  if (planned < 0.0 || model_->run().workload != "spin" || s1 - s0 <= planned * 1.1 + 0.02) return;
  const double w = scale_.x(s0 + planned) - scale_.x(s0);
  if (w < 3.0) return;
  QColor ink = theme_->text;
  ink.setAlpha(200);
  p->setBrush(Qt::NoBrush);
  p->setPen(QPen(ink, 1.5, Qt::DashLine));
  p->drawRect(QRectF(bar.left() + 1.0, bar.top() + 1.0, std::min(w, bar.width()) - 2.0, bar.height() - 2.0));
  p->setPen(QPen(ink, 2.5));
  p->drawLine(QPointF(bar.left() + w, bar.top() - 3.0), QPointF(bar.left() + w, bar.bottom() + 3.0));
}

std::optional<std::uint64_t> GanttItem::taskAt(const QPointF& pos) const {
  if (!model_ || !plot_.contains(pos)) return std::nullopt;
  if (pos.y() >= laneTop_) {
    const auto& order = model_->emissionOrder();
    const auto& tasks = model_->run().tasks;
    if (detailedLane()) {
      for (std::size_t k = order.size(); k-- > 0;) {  // topmost (latest drawn) first
        if (shownEmitted(tasks[order[k]]) && markerRect(tasks[order[k]]).adjusted(-2, -2, 2, 2).contains(pos)) {
          return order[k];
        }
      }
      return std::nullopt;
    }
    const double t = scale_.t(pos.x());
    const double slack = 3.0 / scale_.pixelsPerSecond();
    auto it = std::lower_bound(order.begin(), order.end(), t - slack, [this, &tasks](std::uint64_t i, double v) {
      return model_->seconds(tasks[i].emit_ns) < v;
    });
    if (it != order.end() && model_->seconds(tasks[*it].emit_ns) <= t + slack) return *it;
    return std::nullopt;
  }
  const int row = static_cast<int>((pos.y() - plot_.top()) / rowH_);
  const auto& list = model_->rowTasks(row);
  const double t = scale_.t(pos.x());
  const double slack = (sparse() ? kMinShortBar : 1.0) / scale_.pixelsPerSecond();
  auto it = std::upper_bound(list.begin(), list.end(), t + slack, [this](double v, std::uint64_t i) {
    return v < model_->seconds(model_->run().tasks[i].start_ns);
  });
  if (it == list.begin()) return std::nullopt;
  --it;
  double s0 = 0.0, s1 = 0.0;
  if (!visibleSpan(model_->run().tasks[*it], s0, s1) || t > s1 + slack) return std::nullopt;
  return *it;
}

QString GanttItem::tooltipAt(const QPointF& scenePos) const {
  const auto index = taskAt(scenePos);
  if (!index) return {};
  const std::int64_t m = markers_.markerOf(*index);
  if (scenePos.y() >= laneTop_ && m >= 0 && detailedLane()) {
    const MarkerLayout::Marker& marker = markers_.markers()[static_cast<std::size_t>(m)];
    const auto& order = model_->emissionOrder();
    std::size_t last = marker.first;
    while (last < marker.last && shownEmitted(model_->run().tasks[order[last + 1]])) ++last;
    if (marker.first != last) return arrivalTooltip(*model_, marker.first, last);
  }
  const TaskRecord& task = model_->run().tasks[*index];
  return taskTooltip(*model_, visibleRecord(task), lostShown(task));
}

void GanttItem::hoverMoveEvent(QGraphicsSceneHoverEvent* event) {
  setToolTip(tooltipAt(event->scenePos()));
  QGraphicsItem::hoverMoveEvent(event);
}

}  // namespace poolscope::chart
