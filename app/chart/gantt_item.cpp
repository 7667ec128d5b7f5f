// GanttItem: the bars, caller lane, connectors and markers of one run, drawn with QPainter directly so that
// 10,000 tasks cost one pass over the visible tasks instead of 10,000 scene items or chart series.
#include "chart/gantt_item.hpp"

#include <algorithm>
#include <cmath>

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGraphicsSceneHoverEvent>
#include <QPainter>
#include <QRegion>
#include <QStyleOptionGraphicsItem>

namespace poolscope::chart {

namespace {

constexpr double kMinBarPixels = 1.5;  // thinner bars are merged into one span per run of neighbours

QString seconds_text(double s) { return QStringLiteral("%1 s").arg(s, 0, 'f', 3); }

}  // namespace

QString display_value(const std::string& json_literal) {
  QString text = QString::fromStdString(json_literal);
  if (text.size() >= 2 && text.startsWith(QLatin1Char('"')) && text.endsWith(QLatin1Char('"'))) {
    text = text.mid(1, text.size() - 2);
  }
  if (text.size() > 40) text = text.left(39) + QStringLiteral("…");
  return text;
}

GanttItem::GanttItem(RunModel* model, const ChartTheme* theme) : model_(model), theme_(theme) {
  setFlag(QGraphicsItem::ItemUsesExtendedStyleOption);
  setAcceptHoverEvents(true);
  setZValue(10);
}

void GanttItem::set_geometry(const QRectF& plot, double labels_left, const TimeScale& scale) {
  prepareGeometryChange();
  plot_ = plot;
  labels_left_ = labels_left;
  scale_ = scale;
  const QFontMetricsF small(theme_->small_font);
  marker_d_ = std::ceil(small.height() + 8.0);
  const std::size_t rows = model_ ? model_->rows().size() : 0;
  // The caller lane gets room for a few stacked markers, the workers share the rest.
  // The caller lane: room for up to three stacked markers, never more than 30 % of the plot.
  double lane_h = std::max(marker_d_ + 12.0, std::min(3.0 * (marker_d_ + 4.0) + 8.0, plot.height() * 0.3));
  lane_h = std::min(lane_h, plot.height() * 0.45);  // a cramped panel still keeps most of it for the workers
  if (rows == 0) lane_h = plot.height();
  row_h_ = rows > 0 ? (plot.height() - lane_h) / static_cast<double>(rows) : 0.0;
  lane_top_ = plot.top() + row_h_ * static_cast<double>(rows);
  levels_ = std::max(1, static_cast<int>(std::floor((lane_h - 8.0) / (marker_d_ + 4.0))));
  rebuild();
}

void GanttItem::set_now_s(double now_s) {
  if (now_s == now_s_) return;
  const double old_now = now_s_;
  now_s_ = now_s;
  if (!model_) return;
  const double hi = std::max(old_now, now_s);
  for (std::uint64_t index : model_->running()) {
    const TaskRecord& task = model_->run().tasks[index];
    const int row = model_->row_of_worker(task.worker);
    if (row < 0) continue;
    const double x0 = scale_.x(model_->seconds(task.start_ns));
    update(QRectF(x0 - 2.0, row_top(row), scale_.x(hi) - x0 + 4.0, row_h_));
  }
  for (double t : {old_now, now_s}) {
    if (t >= 0.0) update(QRectF(scale_.x(t) - 3.0, plot_.top(), 6.0, plot_.height()));
  }
}

void GanttItem::set_cursor(std::optional<double> t_s) {
  cursor_ = t_s;
  update();
}

void GanttItem::rebuild() {
  clusters_.clear();
  placed_ = 0;
  level_end_.assign(static_cast<std::size_t>(levels_), -1e18);
  cluster_of_task_.assign(model_ ? model_->run().tasks.size() : 0, -1);
  place_markers(0);
  update();
}

bool GanttItem::detailed_lane() const {
  return model_ && static_cast<double>(model_->emission_order().size()) <= std::max(8.0, plot_.width() / 10.0);
}

QString GanttItem::cluster_text(const Cluster& c) const {
  if (c.first == c.last) {
    return c.failed ? QStringLiteral("✗") : QString::number(c.first + 1);
  }
  return QStringLiteral("%1–%2").arg(c.first + 1).arg(c.last + 1);
}

void GanttItem::place_markers(std::size_t from) {
  if (!model_) return;
  const auto& order = model_->emission_order();
  const auto& tasks = model_->run().tasks;
  if (cluster_of_task_.size() < tasks.size()) cluster_of_task_.resize(tasks.size(), -1);
  if (!detailed_lane()) {
    placed_ = order.size();  // dense lanes draw ticks, not markers: nothing to place
    return;
  }
  const QFontMetricsF small(theme_->small_font);
  for (std::size_t k = from; k < order.size(); ++k) {
    const TaskRecord& task = tasks[order[k]];
    const bool failed = task.status == TaskStatus::error || task.status == TaskStatus::crashed;
    const double x = scale_.x(model_->seconds(task.emit_ns));
    const double left = scale_.x(model_->seconds(std::max(task.finish_ns, task.start_ns))) - 3.0;
    if (!clusters_.empty() && clusters_.back().last + 1 == k && std::fabs(x - clusters_.back().x) <= marker_d_ * 0.6) {
      Cluster& c = clusters_.back();
      c.last = k;
      c.failed = c.failed || failed;
      c.w = std::max(marker_d_, small.horizontalAdvance(cluster_text(c)) + 14.0);
      auto& end = level_end_[static_cast<std::size_t>(c.level)];
      end = std::max(end, c.x + c.w / 2.0 + 3.0);
      cluster_of_task_[order[k]] = static_cast<std::int64_t>(clusters_.size() - 1);
      continue;
    }
    Cluster c;
    c.first = c.last = k;
    c.x = x;
    c.failed = failed;
    c.w = std::max(marker_d_, small.horizontalAdvance(cluster_text(c)) + 14.0);
    // Greedy interval packing in emission order: the lowest level whose last marker (and its shaded wait)
    // ends before this one's wait begins; if none is free, the level that frees up first.
    int level = -1;
    for (int l = 0; l < levels_; ++l) {
      if (level_end_[static_cast<std::size_t>(l)] <= std::min(left, x - c.w / 2.0 - 3.0)) {
        level = l;
        break;
      }
    }
    if (level < 0)
      level = static_cast<int>(std::min_element(level_end_.begin(), level_end_.end()) - level_end_.begin());
    c.level = level;
    level_end_[static_cast<std::size_t>(level)] = c.x + c.w / 2.0 + 3.0;
    clusters_.push_back(c);
    cluster_of_task_[order[k]] = static_cast<std::int64_t>(clusters_.size() - 1);
  }
  placed_ = order.size();
}

double GanttItem::row_top(int row) const { return plot_.top() + row_h_ * row; }

double GanttItem::bar_height() const {
  // Tall rows would make blocks, not bars; short rows keep a visible gap between workers.
  return std::min(row_h_ * (row_h_ > 40.0 ? 0.62 : 0.78), 96.0);
}

bool GanttItem::visible_span(const TaskRecord& task, double& t0, double& t1) const {
  if (task.status == TaskStatus::pending || task.worker <= 0) return false;
  t0 = model_->seconds(task.start_ns);
  if (is_finished(task.status)) {
    t1 = model_->seconds(std::max(task.finish_ns, task.start_ns));
  } else {
    t1 = now_s_ >= 0.0 ? std::max(now_s_, t0) : std::max(model_->latest_s(), t0);
  }
  if (cursor_) {
    if (t0 > *cursor_) return false;
    t1 = std::min(t1, *cursor_);
  }
  return true;
}

bool GanttItem::shown_emitted(const TaskRecord& task) const {
  if (task.emit_order < 0) return false;
  return !cursor_ || model_->seconds(task.emit_ns) <= *cursor_;
}

QRectF GanttItem::cluster_rect(const Cluster& c) const {
  const double cy = lane_top_ + 6.0 + marker_d_ / 2.0 + c.level * (marker_d_ + 4.0);
  return QRectF(c.x - c.w / 2.0, cy - marker_d_ / 2.0, c.w, marker_d_);
}

QRectF GanttItem::marker_rect(const TaskRecord& task) const {
  if (task.index >= cluster_of_task_.size()) return {};
  const std::int64_t c = cluster_of_task_[task.index];
  if (c < 0 || static_cast<std::size_t>(c) >= clusters_.size()) return {};
  return cluster_rect(clusters_[static_cast<std::size_t>(c)]);
}

QRectF GanttItem::bar_rect(std::uint64_t index) const {
  if (!model_) return {};
  const TaskRecord* task = model_->task(index);
  double t0 = 0.0, t1 = 0.0;
  if (task == nullptr || !visible_span(*task, t0, t1)) return {};
  const int row = model_->row_of_worker(task->worker);
  if (row < 0) return {};
  const double bar_h = bar_height();
  const double top = row_top(row) + (row_h_ - bar_h) / 2.0;
  const double x0 = scale_.x(t0);
  return QRectF(x0, top, std::max(scale_.x(t1) - x0, 1.0), bar_h);
}

QRectF GanttItem::lane_rect() const {
  return QRectF(plot_.left(), lane_top_, plot_.width(), plot_.bottom() - lane_top_);
}

void GanttItem::tasks_changed(const std::vector<std::uint64_t>& indices) {
  if (!model_) return;
  const bool was_detailed = placed_ <= std::max<std::size_t>(8, static_cast<std::size_t>(plot_.width() / 10.0));
  if (model_->emission_order().size() > placed_) {
    // A cluster that grew changes its label width: repaint it whole.
    const std::size_t before = clusters_.size();
    if (before > 0) update(cluster_rect(clusters_.back()).adjusted(-3, -3, 3, 3));
    place_markers(placed_);
    if (!clusters_.empty() && clusters_.size() == before)
      update(cluster_rect(clusters_.back()).adjusted(-40, -3, 40, 3));
  }
  if (was_detailed != detailed_lane()) {
    update();
    return;
  }
  const bool detailed = detailed_lane();
  for (std::uint64_t index : indices) {
    const QRectF bar = bar_rect(index);
    if (!bar.isEmpty()) update(bar.adjusted(-4.0, -6.0, 4.0, 6.0));
    const TaskRecord* task = model_->task(index);
    if (task == nullptr || task->emit_order < 0) continue;
    const double xe = scale_.x(model_->seconds(task->emit_ns));
    if (detailed) {
      const QRectF marker = marker_rect(*task);
      const double xf = bar.isEmpty() ? xe : bar.right();
      const double top = bar.isEmpty() ? lane_top_ : bar.bottom();
      update(QRectF(QPointF(std::min(xf, marker.left()) - 3.0, top - 2.0),
                    QPointF(std::max(xe, marker.right()) + 3.0, plot_.bottom())));
    } else {
      update(QRectF(xe - 2.0, lane_top_, 4.0, plot_.bottom() - lane_top_));
    }
  }
}

QRectF GanttItem::boundingRect() const {
  return QRectF(QPointF(labels_left_, plot_.top() - 8.0), QPointF(plot_.right() + 8.0, plot_.bottom() + 2.0));
}

void GanttItem::paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget* /*widget*/) {
  if (!model_) return;
  QRectF exposed = option->exposedRect.isEmpty() ? boundingRect() : option->exposedRect;
  exposed &= boundingRect();
  if (exposed.isEmpty()) return;
  p->save();
  p->setRenderHint(QPainter::Antialiasing, true);
  p->setRenderHint(QPainter::TextAntialiasing, true);
  // A live batch dirties a few scattered strips: paint each strip of the clip region, not its bounding box.
  std::vector<QRectF> parts;
  if (p->hasClipping()) {
    const QRegion clip = p->clipRegion();
    if (clip.rectCount() > 0 && clip.rectCount() <= 256) {
      for (const QRect& r : clip) {
        const QRectF part = QRectF(r) & exposed;
        if (!part.isEmpty()) parts.push_back(part);
      }
    }
  }
  if (parts.empty()) parts.push_back(exposed);
  paint_labels(p, exposed);
  const QRectF plot_clip = plot_.adjusted(-6.0, -6.0, 6.0, 0.0);
  for (const QRectF& part : parts) {
    const double t0 = scale_.t(std::max(part.left(), plot_.left()) - 2.0);
    const double t1 = scale_.t(part.right() + 2.0);
    p->save();
    p->setClipRect(plot_clip & part.adjusted(-1, -1, 1, 1), Qt::IntersectClip);
    paint_rows(p, part, t0, t1);
    paint_lane(p, part, t0, t1);
    p->restore();
  }
  // The replay cursor, or the live "now" line.
  if (cursor_ || now_s_ >= 0.0) {
    const double x = scale_.x(cursor_ ? *cursor_ : now_s_);
    QPen pen(cursor_ ? theme_->cursor : theme_->muted_text, cursor_ ? 2.5 : 1.5);
    if (!cursor_) pen.setStyle(Qt::DashLine);
    p->setPen(pen);
    p->drawLine(QPointF(x, plot_.top()), QPointF(x, plot_.bottom()));
  }
  p->restore();
}

void GanttItem::paint_labels(QPainter* p, const QRectF& exposed) const {
  const double right = plot_.left() - 12.0;
  if (exposed.left() > right) return;
  // Short rows take the smaller font before any row loses its label.
  const bool roomy = QFontMetricsF(theme_->label_font).height() * 1.05 <= row_h_;
  const QFont& font = roomy ? theme_->label_font : theme_->small_font;
  const QFontMetricsF fm(font);
  p->setFont(font);
  p->setPen(theme_->text);
  const auto& rows = model_->rows();
  // When rows are shorter than the text, label every k-th row only: overlapping text helps nobody.
  const int every = std::max(1, static_cast<int>(std::ceil(fm.height() * 0.95 / std::max(row_h_, 1.0))));
  const double width = right - labels_left_;
  for (std::size_t r = 0; r < rows.size(); r += static_cast<std::size_t>(every)) {
    const QRectF box(labels_left_, row_top(static_cast<int>(r)), width, row_h_);
    if (!box.intersects(exposed) && every == 1) continue;
    const QString text = fm.elidedText(rows[r].label(), Qt::ElideMiddle, width);
    p->drawText(QRectF(labels_left_, box.center().y() - fm.height() / 2.0, width, fm.height()),
                Qt::AlignLeft | Qt::AlignVCenter, text);
  }
  const QRectF lane(labels_left_, lane_top_, width, plot_.bottom() - lane_top_);
  if (lane.intersects(exposed)) {
    QFont bold = theme_->label_font;
    bold.setBold(true);
    p->setFont(bold);
    const QString caller = model_->run().caller_pid > 0
                               ? QCoreApplication::translate("poolscope::chart::GanttItem", "Caller (pid %1)")
                                     .arg(model_->run().caller_pid)
                               : QCoreApplication::translate("poolscope::chart::GanttItem", "Caller");
    const QFontMetricsF bfm(bold);
    p->drawText(QRectF(labels_left_, lane.top() + 4.0, width, bfm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                bfm.elidedText(caller, Qt::ElideRight, width));
    if (lane.height() > bfm.height() * 2.4) {
      p->setFont(theme_->small_font);
      p->setPen(theme_->muted_text);
      const QFontMetricsF sfm(theme_->small_font);
      p->drawText(QRectF(labels_left_, lane.top() + 6.0 + bfm.height(), width, sfm.height()),
                  Qt::AlignLeft | Qt::AlignVCenter,
                  sfm.elidedText(QCoreApplication::translate("poolscope::chart::GanttItem", "results received"),
                                 Qt::ElideRight, width));
    }
  }
}

QString GanttItem::bar_text(const TaskRecord& task, double width, const QFont& font) const {
  const QFontMetricsF fm(font);
  const double room = width - 10.0;
  if (room < fm.averageCharWidth() * 1.5) return {};
  const QString input = display_value(task.input);
  QString full;
  if (task.status == TaskStatus::ok) {
    full = input + QStringLiteral(" → ") + display_value(task.result);
  } else if (task.status == TaskStatus::error || task.status == TaskStatus::crashed) {
    const QString what = task.message.empty()
                             ? (task.status == TaskStatus::crashed
                                    ? QCoreApplication::translate("poolscope::chart::GanttItem", "crashed")
                                    : QCoreApplication::translate("poolscope::chart::GanttItem", "error"))
                             : QString::fromStdString(task.message);
    full = input + QStringLiteral(" ✗ ") + what;
    if (fm.horizontalAdvance(full) > room) return fm.elidedText(full, Qt::ElideRight, room);
    return full;
  } else {
    full = input + QStringLiteral(" …");
  }
  if (fm.horizontalAdvance(full) <= room) return full;
  if (fm.horizontalAdvance(input) <= room) return input;
  return {};
}

void GanttItem::paint_rows(QPainter* p, const QRectF& exposed, double t0, double t1) const {
  const auto& rows = model_->rows();
  const QFontMetricsF fm(theme_->label_font);
  const double small_height = QFontMetricsF(theme_->small_font).height();
  const double bar_h = bar_height();
  const bool chunks = model_->run().chunksize > 1;
  QColor zebra = theme_->lane_background;
  zebra.setAlpha(110);
  QColor dense = theme_->muted_text;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const int row = static_cast<int>(r);
    const QRectF row_box(plot_.left(), row_top(row), plot_.width(), row_h_);
    if (!row_box.intersects(exposed)) continue;
    if (r % 2 == 1) p->fillRect(row_box & exposed, zebra);
    const double top = row_box.top() + (row_h_ - bar_h) / 2.0;
    const auto& tasks = model_->row_tasks(row);
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
    double dense_x0 = 0.0, dense_x1 = -1.0;
    auto flush_dense = [&]() {
      if (dense_x1 >= dense_x0) p->fillRect(QRectF(dense_x0, top, std::max(dense_x1 - dense_x0, 1.0), bar_h), dense);
      dense_x1 = -1.0;
    };
    std::int64_t group_chunk = -1;
    double group_x0 = 0.0, group_x1 = 0.0;
    auto flush_group = [&]() {
      if (group_chunk >= 0 && group_x1 - group_x0 >= 6.0) {
        p->setPen(QPen(theme_->chunk_edge, 2.0));
        p->setBrush(Qt::NoBrush);
        p->drawRoundedRect(QRectF(group_x0 - 2.0, top - 4.0, group_x1 - group_x0 + 4.0, bar_h + 8.0), 3.0, 3.0);
      }
      group_chunk = -1;
    };
    for (; i < tasks.size(); ++i) {
      const TaskRecord& task = model_->run().tasks[tasks[i]];
      double s0 = 0.0, s1 = 0.0;
      if (!visible_span(task, s0, s1)) {
        if (cursor_) break;  // sorted by start: every later bar starts after the cursor too
        continue;
      }
      if (s0 > t1) break;
      const double x0 = scale_.x(s0);
      const double x1 = scale_.x(s1);
      if (chunks && static_cast<std::int64_t>(task.chunk) != group_chunk) {
        flush_group();
        group_chunk = static_cast<std::int64_t>(task.chunk);
        group_x0 = x0;
      }
      if (chunks) group_x1 = x1;
      if (x1 - x0 < kMinBarPixels) {
        if (dense_x1 >= dense_x0 && x0 - dense_x1 > 1.0) flush_dense();
        if (dense_x1 < dense_x0) dense_x0 = x0;
        dense_x1 = std::max(x1, dense_x0 + 1.0);
        continue;
      }
      flush_dense();
      const bool failed = task.status == TaskStatus::error || task.status == TaskStatus::crashed;
      QColor fill = failed ? theme_->failed : theme_->task_color(task.index);
      const bool running = !is_finished(task.status) || (cursor_ && s1 < model_->seconds(task.finish_ns));
      QRectF bar(x0, top, x1 - x0, bar_h);
      if (bar.width() > 4.0) bar.adjust(0.75, 0.0, -0.75, 0.0);  // a hairline gap between neighbours
      if (running) fill.setAlpha(170);
      p->fillRect(bar, fill);
      if (failed && bar.width() > 6.0) p->fillRect(bar, QBrush(QColor(255, 255, 255, 90), Qt::BDiagPattern));
      if (running && bar.width() > 3.0) {
        p->setPen(QPen(theme_->text, 2.0));
        p->drawLine(QPointF(bar.right(), bar.top()), QPointF(bar.right(), bar.bottom()));
      }
      if (bar.width() > 24.0 && bar_h >= small_height * 0.8) {
        const QFont& font = bar_h >= fm.height() * 0.95 ? theme_->label_font : theme_->small_font;
        const QString text = bar_text(task, bar.width(), font);
        if (!text.isEmpty()) {
          p->setFont(font);
          p->setPen(failed ? QColor(Qt::white) : ChartTheme::text_on(fill));
          p->drawText(bar.adjusted(5.0, 0.0, -5.0, 0.0), Qt::AlignCenter, text);
        }
      }
    }
    flush_dense();
    flush_group();
  }
}

void GanttItem::paint_lane(QPainter* p, const QRectF& exposed, double t0, double t1) const {
  const QRectF lane = lane_rect();
  if (!lane.intersects(exposed) && !detailed_lane()) return;
  p->fillRect(lane & exposed, theme_->lane_background);
  p->setPen(QPen(theme_->axis, 1.0));
  p->drawLine(QPointF(lane.left(), lane.top()), QPointF(lane.right(), lane.top()));
  const auto& order = model_->emission_order();
  const auto& tasks = model_->run().tasks;
  if (!detailed_lane()) {
    // Dense: one tick per pixel column that received anything.
    auto it = std::lower_bound(order.begin(), order.end(), t0, [this, &tasks](std::uint64_t i, double t) {
      return model_->seconds(tasks[i].emit_ns) < t;
    });
    QColor tick = theme_->connector;
    tick.setAlpha(140);
    p->setPen(QPen(tick, 1.0));
    const double inset = std::max(6.0, lane.height() * 0.22);
    int last_px = -1 << 30;
    for (; it != order.end(); ++it) {
      const TaskRecord& task = tasks[*it];
      const double t = model_->seconds(task.emit_ns);
      if (t > t1 || (cursor_ && t > *cursor_)) break;
      const int px = static_cast<int>(std::floor(scale_.x(t)));
      if (px == last_px) continue;
      last_px = px;
      p->drawLine(QPointF(px + 0.5, lane.top() + inset), QPointF(px + 0.5, lane.bottom() - inset));
    }
    return;
  }
  // Detailed: connector from the bar's end down to the marker's level, the wait shaded up to the marker.
  const double band_h = std::max(6.0, marker_d_ * 0.42);
  QColor line = theme_->connector;
  line.setAlpha(170);
  for (std::size_t k = 0; k < order.size() && k < placed_; ++k) {
    const TaskRecord& task = tasks[order[k]];
    if (!shown_emitted(task)) continue;
    const QRectF bar = bar_rect(task.index);
    const QRectF marker = marker_rect(task);
    const double xf = bar.isEmpty() ? marker.center().x() : bar.right();
    const double y = marker.center().y();
    if (marker.left() - xf > 1.0) {
      p->fillRect(QRectF(xf, y - band_h / 2.0, marker.left() - xf, band_h), theme_->wait_shade);
    }
    if (!bar.isEmpty()) {
      p->setPen(QPen(line, 1.4));
      p->drawLine(QPointF(xf, bar.bottom()), QPointF(xf, y));
    }
  }
  p->setFont(theme_->small_font);
  for (const Cluster& c : clusters_) {
    // Under a replay cursor, a cluster shows the results handed over so far.
    if (c.first >= order.size() || !shown_emitted(tasks[order[c.first]])) continue;
    std::size_t last = c.first;
    while (last < c.last && shown_emitted(tasks[order[last + 1]])) ++last;
    Cluster shown = c;
    shown.last = last;
    QRectF marker = cluster_rect(shown);
    if (!marker.adjusted(-2, -2, 2, 2).intersects(exposed)) continue;
    const bool single = shown.first == shown.last;
    const TaskRecord& first = tasks[order[shown.first]];
    const bool failed_single = single && (first.status == TaskStatus::error || first.status == TaskStatus::crashed);
    const QColor fill = failed_single ? theme_->failed : single ? theme_->task_color(first.index) : theme_->marker;
    p->setPen(QPen(shown.failed ? theme_->failed : theme_->marker, shown.failed && !single ? 3.0 : 1.5));
    p->setBrush(fill);
    p->drawRoundedRect(marker, marker.height() / 2.0, marker.height() / 2.0);
    p->setPen(failed_single ? QColor(Qt::white) : ChartTheme::text_on(fill));
    p->drawText(marker, Qt::AlignCenter, cluster_text(shown));
  }
  p->setBrush(Qt::NoBrush);
}

std::optional<std::uint64_t> GanttItem::task_at(const QPointF& pos) const {
  if (!model_ || !plot_.contains(pos)) return std::nullopt;
  if (pos.y() >= lane_top_) {
    const auto& order = model_->emission_order();
    const auto& tasks = model_->run().tasks;
    if (detailed_lane()) {
      for (std::size_t k = order.size(); k-- > 0;) {  // topmost (latest drawn) first
        if (shown_emitted(tasks[order[k]]) && marker_rect(tasks[order[k]]).adjusted(-2, -2, 2, 2).contains(pos)) {
          return order[k];
        }
      }
      return std::nullopt;
    }
    const double t = scale_.t(pos.x());
    const double slack = 3.0 / scale_.pixels_per_second();
    auto it = std::lower_bound(order.begin(), order.end(), t - slack, [this, &tasks](std::uint64_t i, double v) {
      return model_->seconds(tasks[i].emit_ns) < v;
    });
    if (it != order.end() && model_->seconds(tasks[*it].emit_ns) <= t + slack) return *it;
    return std::nullopt;
  }
  const int row = static_cast<int>((pos.y() - plot_.top()) / row_h_);
  const auto& list = model_->row_tasks(row);
  const double t = scale_.t(pos.x());
  const double slack = 1.0 / scale_.pixels_per_second();
  auto it = std::upper_bound(list.begin(), list.end(), t + slack, [this](double v, std::uint64_t i) {
    return v < model_->seconds(model_->run().tasks[i].start_ns);
  });
  if (it == list.begin()) return std::nullopt;
  --it;
  double s0 = 0.0, s1 = 0.0;
  if (!visible_span(model_->run().tasks[*it], s0, s1) || t > s1 + slack) return std::nullopt;
  return *it;
}

QString GanttItem::tooltip_at(const QPointF& scene_pos) const {
  const auto index = task_at(scene_pos);
  if (!index) return {};
  const TaskRecord& t = model_->run().tasks[*index];
  const std::int64_t ci = *index < cluster_of_task_.size() ? cluster_of_task_[*index] : -1;
  if (scene_pos.y() >= lane_top_ && ci >= 0 && detailed_lane()) {
    const Cluster& c = clusters_[static_cast<std::size_t>(ci)];
    if (c.first != c.last) {
      const auto& order = model_->emission_order();
      QStringList lines;
      lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Results %1–%2 handed to the caller at %3")
                   .arg(c.first + 1)
                   .arg(c.last + 1)
                   .arg(seconds_text(model_->seconds(model_->run().tasks[order[c.first]].emit_ns)));
      for (std::size_t k = c.first; k <= c.last && k < c.first + 12; ++k) {
        const TaskRecord& m = model_->run().tasks[order[k]];
        const double waited = model_->seconds(m.emit_ns) - model_->seconds(std::max(m.finish_ns, m.start_ns));
        lines << QCoreApplication::translate("poolscope::chart::GanttItem", "#%1  task %2: %3 → %4, waited %5")
                     .arg(k + 1)
                     .arg(m.index)
                     .arg(display_value(m.input))
                     .arg(m.status == TaskStatus::ok
                              ? display_value(m.result)
                              : QCoreApplication::translate("poolscope::chart::GanttItem", "failed"))
                     .arg(seconds_text(waited));
      }
      if (c.last >= c.first + 12)
        lines << QCoreApplication::translate("poolscope::chart::GanttItem", "… and %1 more").arg(c.last - c.first - 11);
      return lines.join(QLatin1Char('\n'));
    }
  }
  QStringList lines;
  lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Task %1 — input %2")
               .arg(t.index)
               .arg(display_value(t.input));
  if (t.status == TaskStatus::ok)
    lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Result: %1").arg(display_value(t.result));
  if (t.status == TaskStatus::error || t.status == TaskStatus::crashed) {
    lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Failed (%1): %2")
                 .arg(t.status == TaskStatus::crashed
                          ? QCoreApplication::translate("poolscope::chart::GanttItem", "crashed")
                          : QCoreApplication::translate("poolscope::chart::GanttItem", "error"),
                      QString::fromStdString(t.message));
  }
  lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Worker-%1 (pid %2)").arg(t.worker).arg(t.pid);
  lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Started: %1")
               .arg(seconds_text(model_->seconds(t.start_ns)));
  if (is_finished(t.status)) {
    lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Finished: %1")
                 .arg(seconds_text(model_->seconds(std::max(t.finish_ns, t.start_ns))));
  } else {
    lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Running");
  }
  if (t.emit_order >= 0) {
    lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Handed to the caller: %1 (#%2)")
                 .arg(seconds_text(model_->seconds(t.emit_ns)))
                 .arg(t.emit_order + 1);
    lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Waited: %1")
                 .arg(seconds_text(model_->seconds(t.emit_ns) - model_->seconds(std::max(t.finish_ns, t.start_ns))));
  }
  if (model_->run().chunksize > 1)
    lines << QCoreApplication::translate("poolscope::chart::GanttItem", "Chunk %1").arg(t.chunk);
  return lines.join(QLatin1Char('\n'));
}

void GanttItem::hoverMoveEvent(QGraphicsSceneHoverEvent* event) {
  setToolTip(tooltip_at(event->scenePos()));
  QGraphicsItem::hoverMoveEvent(event);
}

}  // namespace poolscope::chart
