// ChartScene: lays out one panel per run with a shared time scale and one left margin, so the compare
// view's three panels line up, and routes model changes to the items that draw them.
#include "chart/chart_scene.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QPainter>
#include <QPen>

#include "chart/gantt_item.hpp"
#include "chart/held_item.hpp"
#include "chart/metrics_table_item.hpp"
#include "chart/replay_events.hpp"
#include "chart/run_panel.hpp"
#include "chart/time_axis_item.hpp"

namespace poolscope::chart {

ChartScene::ChartScene(QObject* parent) : QGraphicsScene(parent), theme_(ChartTheme::make(ThemeKind::light)) {
  table_ = new MetricsTableItem(&theme_);
  addItem(table_);
  axis_ = new TimeAxisItem(&theme_);
  addItem(axis_);
  staleShade_ = new QGraphicsRectItem();
  staleShade_->setPen(Qt::NoPen);
  staleShade_->setZValue(100);
  staleShade_->setVisible(false);
  addItem(staleShade_);
  staleBox_ = new QGraphicsRectItem();
  staleBox_->setZValue(100.5);
  staleBox_->setVisible(false);
  addItem(staleBox_);
  staleText_ = new QGraphicsSimpleTextItem();
  staleText_->setZValue(101);
  staleText_->setVisible(false);
  addItem(staleText_);
  setBackgroundBrush(theme_.background);
  setItemIndexMethod(QGraphicsScene::NoIndex);  // few, large items: a BSP index only costs time
}

ChartScene::~ChartScene() { panels_.clear(); }

void ChartScene::setModels(const std::vector<RunModel*>& models) {
  for (const auto& model : models_) {
    if (model) disconnect(model, nullptr, this, nullptr);
  }
  panels_.clear();
  models_.clear();
  for (RunModel* model : models) {
    if (model == nullptr) continue;
    models_.emplace_back(model);
    panels_.push_back(std::make_unique<RunPanel>(this, model, &theme_));
    RunPanel* panel = panels_.back().get();
    connect(model, &RunModel::modelReset, this, [this, panel] {
      axisMaxSeconds_ = 0.0;
      if (predict_) panel->setRevealLimit(std::size_t{0});  // a new run starts hidden
      relayout();
    });
    connect(model, &RunModel::rowsChanged, this, &ChartScene::relayout);
    connect(model, &RunModel::runFinished, this, [this] { relayout(); });
    connect(model, &RunModel::tasksChanged, this, [this, panel](const std::vector<std::uint64_t>& indices) {
      panel->tasksChanged(indices);
      refreshTable();
      onModelChanged();
      if (panel->heldRangeTooSmall()) relayout();
    });
    // QPointer is already null while destroyed() is emitted: relayout drops just that panel.
    connect(model, &QObject::destroyed, this, &ChartScene::relayout);
    if (predict_) panel->setRevealLimit(std::size_t{0});
  }
  table_->setModels(models_);
  axisMaxSeconds_ = 0.0;
  relayout();
}

std::vector<RunModel*> ChartScene::models() const {
  std::vector<RunModel*> out;
  for (const auto& m : models_) {
    if (m) out.push_back(m.data());
  }
  return out;
}

void ChartScene::setTheme(const ChartTheme& theme) {
  theme_ = theme;
  setBackgroundBrush(theme_.background);
  for (auto& panel : panels_) panel->applyTheme();
  relayout();
}

double ChartScene::durationSeconds() const {
  double extent = 0.0;
  for (const auto& panel : panels_) {
    RunModel* m = panel->model();
    if (m == nullptr || m->empty()) continue;
    double end = m->metrics(panel->live() ? nowNs_ : 0).wallSeconds;
    end = std::max(end, m->latestSeconds());
    extent = std::max(extent, end);
  }
  return extent;
}

void ChartScene::onModelChanged() {
  // A live run outgrowing the axis rescales everything (rare: the axis grows with headroom).
  if (durationSeconds() > axisMaxSeconds_) relayout();
}

void ChartScene::setNowNs(std::int64_t nowNs) {
  nowNs_ = nowNs;
  for (auto& panel : panels_) panel->setNowNs(nowNs);
  table_->setNowNs(nowNs);
  onModelChanged();
}

void ChartScene::setScrubCursor(std::optional<double> tSeconds) {
  cursor_ = tSeconds;
  for (auto& panel : panels_) panel->setScrubCursor(tSeconds);
  refreshTable();
}

void ChartScene::refreshTable() {
  std::vector<MetricsView> views;
  for (const auto& panel : panels_) views.push_back(panel->metricsView());
  table_->setViews(views);
}

void ChartScene::setPredictMode(bool on) {
  predict_ = on;
  for (auto& panel : panels_) {
    panel->setRevealLimit(on ? std::optional<std::size_t>(0) : std::nullopt);
  }
  refreshTable();
  emit revealChanged();
}

bool ChartScene::revealNext() {
  RunPanel* best = nullptr;
  double bestT = 0.0;
  for (auto& panel : panels_) {
    const RunModel* m = panel->model();
    const auto limit = panel->revealLimit();
    if (m == nullptr || !limit) continue;
    const auto& order = m->emissionOrder();
    if (*limit >= order.size()) continue;
    const double t = m->seconds(m->run().tasks[order[*limit]].emit_ns);
    if (best == nullptr || t < bestT) {
      best = panel.get();
      bestT = t;
    }
  }
  if (best == nullptr) return false;
  best->setRevealLimit(*best->revealLimit() + 1);
  refreshTable();
  emit revealChanged();
  return true;
}

void ChartScene::revealAll() {
  for (auto& panel : panels_) {
    if (panel->revealLimit()) panel->setRevealLimit(std::numeric_limits<std::size_t>::max());
  }
  refreshTable();
  emit revealChanged();
}

std::optional<std::size_t> ChartScene::revealLimit(int panel) const {
  if (panel < 0 || static_cast<std::size_t>(panel) >= panels_.size()) return std::nullopt;
  const RunPanel& p = *panels_[static_cast<std::size_t>(panel)];
  if (!p.revealLimit() || !p.metricsView().answersHidden) return std::nullopt;
  return p.revealLimit();
}

QString ChartScene::laneNote(int panel) const {
  if (panel < 0 || static_cast<std::size_t>(panel) >= panels_.size()) return {};
  return panels_[static_cast<std::size_t>(panel)]->gantt()->laneNote();
}

QString ChartScene::headerText(int panel) const {
  if (panel < 0 || static_cast<std::size_t>(panel) >= panels_.size()) return {};
  return panels_[static_cast<std::size_t>(panel)]->headerText();
}

QStringList ChartScene::tableCells(int panel) const {
  return panel < 0 ? QStringList() : table_->rowCells(static_cast<std::size_t>(panel));
}

QString ChartScene::barLabel(int panel, std::uint64_t index) const {
  if (panel < 0 || static_cast<std::size_t>(panel) >= panels_.size()) return {};
  return panels_[static_cast<std::size_t>(panel)]->gantt()->barLabel(index);
}

std::size_t ChartScene::shownArrivals(int panel) const {
  if (panel < 0 || static_cast<std::size_t>(panel) >= panels_.size()) return 0;
  return panels_[static_cast<std::size_t>(panel)]->gantt()->shownArrivals();
}

std::optional<double> ChartScene::stepEvent(int direction) {
  const std::vector<ReplayEvent> events = replayEvents(models());
  const auto event = direction > 0 ? nextEvent(events, cursor_) : previousEvent(events, cursor_);
  if (!event) {
    if (direction > 0) setScrubCursor(std::nullopt);  // past the last event: the whole run again
    return direction > 0 ? std::nullopt : cursor_;
  }
  if (zoom_.zoomed() && (event->tSeconds < scale_.tMin || event->tSeconds > scale_.tMax)) {
    // Zoomed in: the window follows the step, with the event in its middle.
    zoom_.panBy(event->tSeconds - (scale_.tMin + scale_.tMax) / 2.0, axisMaxSeconds_);
    relayout();
    emit zoomChanged();
  }
  setScrubCursor(event->tSeconds);
  return event->tSeconds;
}

QString ChartScene::cursorEventText() const {
  if (!cursor_) return {};
  return describeEvents(replayEvents(models()), *cursor_, models());
}

void ChartScene::zoomAboutTime(double tSeconds, double factor) {
  zoom_.zoomAbout(tSeconds, factor, axisMaxSeconds_);
  relayout();
  emit zoomChanged();
}

void ChartScene::zoomAt(double sceneX, double factor) { zoomAboutTime(scale_.t(sceneX), factor); }

void ChartScene::panByPixels(double dx) {
  if (!zoom_.zoomed() || scale_.pixelsPerSecond() <= 0.0) return;
  zoom_.panBy(-dx / scale_.pixelsPerSecond(), axisMaxSeconds_);
  relayout();
  emit zoomChanged();
}

void ChartScene::resetZoom() {
  if (!zoom_.zoomed()) return;
  zoom_.reset();
  relayout();
  emit zoomChanged();
}

void ChartScene::layoutTo(const QSizeF& size) {
  size_ = size;
  relayout();
}

void ChartScene::refreshAxes() {
  const double extent = durationSeconds();
  bool anyLive = false;
  for (const auto& panel : panels_) anyLive = anyLive || panel->live();
  if (axisMaxSeconds_ <= 0.0 || extent > axisMaxSeconds_ || (!anyLive && extent < axisMaxSeconds_ * 0.8)) {
    // Finished runs fit snugly; a live run gets headroom so the axis does not rescale every frame.
    axisMaxSeconds_ = extent <= 0.0 ? 1.0 : (anyLive ? niceCeil(extent * 1.25) : extent * 1.03);
  }
}

void ChartScene::setTableWanted(bool wanted) {
  if (wanted == tableWanted_) return;
  tableWanted_ = wanted;
  relayout();
}

bool ChartScene::tableShown() const { return table_->isVisible(); }

QStringList ChartScene::timeAxisLabels() const { return axis_->labels(); }

void ChartScene::setStaleNote(const QString& note) {
  staleNote_ = note;
  placeStaleNote();
}

void ChartScene::placeStaleNote() {
  const bool stale = !staleNote_.isEmpty() && !panels_.empty();
  staleShade_->setVisible(stale);
  staleBox_->setVisible(stale);
  staleText_->setVisible(stale);
  if (!stale) return;
  QColor shade = theme_.background;
  shade.setAlpha(150);
  staleShade_->setBrush(shade);
  staleShade_->setRect(QRectF(0.0, 0.0, size_.width(), sceneHeight_));
  staleText_->setFont(theme_.titleFont);
  staleText_->setBrush(theme_.text);
  staleText_->setText(staleNote_);
  const QRectF box = staleText_->boundingRect();
  staleText_->setPos(std::max(0.0, (size_.width() - box.width()) / 2.0), std::min(sceneHeight_, size_.height()) * 0.4);
  // On a card of its own, so the note reads over bars and markers.
  staleBox_->setRect(staleText_->sceneBoundingRect().adjusted(-18.0, -10.0, 18.0, 10.0));
  staleBox_->setBrush(theme_.background);
  staleBox_->setPen(QPen(theme_.axis, 1.5));
}

void ChartScene::relayout() {
  // Drop panels whose model was deleted.
  for (std::size_t i = panels_.size(); i-- > 0;) {
    if (panels_[i]->model() == nullptr) {
      panels_.erase(panels_.begin() + static_cast<std::ptrdiff_t>(i));
      models_.erase(models_.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  table_->setModels(models_);
  refreshAxes();
  const double w = size_.width();
  const double h = size_.height();
  const double tickW = QFontMetricsF(theme_.smallFont).horizontalAdvance(QStringLiteral("0000")) + 8.0;
  const double axisH = TimeAxisItem::heightFor(theme_);

  // Normal layout if it fits, with the table if that fits too; else compact (smaller titles, one-line strips,
  // tighter margins, no table); else compact and taller than asked (the window scrolls).
  auto marginsFor = [this](bool compact) { return theme_.presenter && !compact ? 28.0 : compact ? 6.0 : 14.0; };
  auto gapFor = [this](bool compact) { return compact ? 6.0 : (theme_.presenter ? 20.0 : 12.0); };
  auto needed = [&](bool compact) {
    double sum = 0.0;
    for (const auto& panel : panels_) sum += panel->minimumHeight(compact);
    const double n = static_cast<double>(panels_.size());
    return sum + gapFor(compact) * std::max(0.0, n - 1.0) + axisH + marginsFor(compact) * 1.6;
  };
  const double tableW = w - 2.0 * marginsFor(false) - 12.0;
  const double tableH = panels_.empty() ? 0.0 : MetricsTableItem::heightFor(theme_, panels_.size(), tableW);
  const bool canTable = tableWanted_ && !panels_.empty();
  // In order of preference: normal with the table, compact with the table (the metrics are part of the
  // lesson), normal without it, compact without it, and last compact and taller than asked.
  bool withTable = false;
  if (canTable && needed(false) + tableH + gapFor(false) <= h) {
    compact_ = false;
    withTable = true;
  } else if (canTable && needed(true) + tableH + gapFor(true) <= h) {
    compact_ = true;
    withTable = true;
  } else {
    compact_ = needed(false) > h;
  }
  sceneHeight_ = std::max(h, compact_ ? needed(true) : 0.0);
  setSceneRect(QRectF(QPointF(0, 0), QSizeF(w, sceneHeight_)));

  double labelW = 80.0;
  for (const auto& panel : panels_) labelW = std::max(labelW, panel->labelWidth(compact_));
  labelW = std::min(labelW, w * 0.3);
  const double outer = marginsFor(compact_);
  const double labelsLeft = outer;
  const double plotLeft = labelsLeft + labelW + 12.0 + tickW;
  const double plotRight = w - outer - 12.0;
  TimeScale scale;
  scale.left = plotLeft;
  scale.width = std::max(10.0, plotRight - plotLeft);
  scale.tMin = zoom_.from(axisMaxSeconds_);
  scale.tMax = zoom_.to(axisMaxSeconds_);
  if (scale.tMax <= scale.tMin) scale.tMax = scale.tMin + 1.0;
  scale_ = scale;

  const double gap = gapFor(compact_);
  const double tableTop = sceneHeight_ - outer - (withTable ? tableH : 0.0);
  table_->setGeometry(QRectF(labelsLeft, tableTop, plotRight - labelsLeft, withTable ? tableH : 0.0));
  table_->setVisible(withTable);
  const double areaTop = outer * 0.6;
  const double areaH = tableTop - (withTable ? gap : 0.0) - axisH - areaTop;
  double minSum = 0.0;
  for (const auto& panel : panels_) minSum += panel->minimumHeight(compact_);
  const double n = static_cast<double>(std::max<std::size_t>(panels_.size(), 1));
  const double extra = std::max(0.0, areaH - gap * (n - 1.0) - minSum) / n;
  int heldMax = 1;
  for (const auto& panel : panels_) heldMax = std::max(heldMax, panel->heldAxisNeeded());
  double y = areaTop;
  double axisTop = areaTop;
  for (auto& panel : panels_) {
    const QRectF rect(0.0, y, w, panel->minimumHeight(compact_) + extra);
    panel->setZoomed(zoom_.zoomed());
    panel->layout(rect, labelsLeft, plotLeft, plotRight, scale, heldMax, compact_);
    panel->setNowNs(nowNs_);
    panel->setScrubCursor(cursor_);
    axisTop = panel->heldPlotBottom() + std::ceil(QFontMetricsF(theme_.smallFont).height() / 2.0);
    y = rect.bottom() + gap;
  }
  axis_->setVisible(!panels_.empty());
  axis_->setGeometry(axisTop, 0.0, w, scale);
  refreshTable();
  placeStaleNote();
  update();
}

void ChartScene::renderTo(QPainter* painter, const QRectF& target) {
  // Qt Charts lays axes out on posted LayoutRequest events: deliver them before drawing headless.
  QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
  painter->setRenderHint(QPainter::Antialiasing, true);
  painter->setRenderHint(QPainter::TextAntialiasing, true);
  painter->setRenderHint(QPainter::SmoothPixmapTransform, true);
  render(painter, target, QRectF(QPointF(0, 0), size_), Qt::IgnoreAspectRatio);
}

QRectF ChartScene::barRect(int panel, std::uint64_t index) const {
  if (panel < 0 || static_cast<std::size_t>(panel) >= panels_.size()) return {};
  return panels_[static_cast<std::size_t>(panel)]->gantt()->barRect(index);
}

QRectF ChartScene::markerRect(int panel, std::uint64_t index) const {
  if (panel < 0 || static_cast<std::size_t>(panel) >= panels_.size()) return {};
  return panels_[static_cast<std::size_t>(panel)]->gantt()->resultMarkerRect(index);
}

QString ChartScene::tooltipAt(const QPointF& scenePos) const {
  for (const auto& panel : panels_) {
    const QString text = panel->gantt()->tooltipAt(scenePos);
    if (!text.isEmpty()) return text;
  }
  return {};
}

int ChartScene::panelCount() const { return static_cast<int>(panels_.size()); }

}  // namespace poolscope::chart
