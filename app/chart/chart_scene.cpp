// ChartScene: lays out one panel per run with a shared time scale and one left margin, so the compare
// view's three panels line up, and routes model changes to the items that draw them.
#include "chart/chart_scene.hpp"

#include <algorithm>
#include <cmath>

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>

#include "chart/gantt_item.hpp"
#include "chart/held_item.hpp"
#include "chart/metrics_table_item.hpp"
#include "chart/run_panel.hpp"

namespace poolscope::chart {

ChartScene::ChartScene(QObject* parent) : QGraphicsScene(parent), theme_(ChartTheme::make(ThemeKind::light)) {
  table_ = new MetricsTableItem(&theme_);
  addItem(table_);
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
    connect(model, &RunModel::modelReset, this, [this] {
      axisMaxSeconds_ = 0.0;
      relayout();
    });
    connect(model, &RunModel::rowsChanged, this, &ChartScene::relayout);
    connect(model, &RunModel::runFinished, this, [this] { relayout(); });
    connect(model, &RunModel::tasksChanged, this, [this, panel](const std::vector<std::uint64_t>& indices) {
      panel->tasksChanged(indices);
      table_->update();
      onModelChanged();
      if (panel->heldRangeTooSmall()) relayout();
    });
    // QPointer is already null while destroyed() is emitted: relayout drops just that panel.
    connect(model, &QObject::destroyed, this, &ChartScene::relayout);
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

void ChartScene::relayout() {
  // Drop panels whose model was deleted.
  for (std::size_t i = panels_.size(); i-- > 0;) {
    if (panels_[i]->model() == nullptr) {
      panels_.erase(panels_.begin() + static_cast<std::ptrdiff_t>(i));
      models_.erase(models_.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  table_->setModels(models_);
  setSceneRect(QRectF(QPointF(0, 0), size_));
  refreshAxes();
  const double w = size_.width();
  const double h = size_.height();
  const double outer = theme_.presenter ? 28.0 : 14.0;
  double labelW = 80.0;
  for (const auto& panel : panels_) labelW = std::max(labelW, panel->labelWidth());
  labelW = std::min(labelW, w * 0.3);
  const double tickW = QFontMetricsF(theme_.smallFont).horizontalAdvance(QStringLiteral("0000")) + 8.0;
  const double labelsLeft = outer;
  const double plotLeft = labelsLeft + labelW + 12.0 + tickW;
  const double plotRight = w - outer - 12.0;
  TimeScale scale;
  scale.left = plotLeft;
  scale.width = std::max(10.0, plotRight - plotLeft);
  scale.tMin = 0.0;
  scale.tMax = axisMaxSeconds_;

  const double tableH = panels_.empty() ? 0.0 : MetricsTableItem::heightFor(theme_, panels_.size());
  const double tableTop = h - outer - tableH;
  table_->setGeometry(QRectF(labelsLeft, tableTop, plotRight - labelsLeft, tableH));
  table_->setVisible(!panels_.empty());
  const double gap = theme_.presenter ? 20.0 : 12.0;
  const double areaTop = outer * 0.6;
  const double areaH = tableTop - gap - areaTop;
  const double n = static_cast<double>(std::max<std::size_t>(panels_.size(), 1));
  const double panelH = (areaH - gap * (n - 1.0)) / n;
  int heldMax = 1;
  for (const auto& panel : panels_) heldMax = std::max(heldMax, panel->heldAxisNeeded());
  for (std::size_t i = 0; i < panels_.size(); ++i) {
    const QRectF rect(0.0, areaTop + static_cast<double>(i) * (panelH + gap), w, panelH);
    panels_[i]->layout(rect, labelsLeft, plotLeft, plotRight, scale, heldMax);
    panels_[i]->setNowNs(nowNs_);
    panels_[i]->setScrubCursor(cursor_);
  }
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

int ChartScene::panelCount() const { return static_cast<int>(panels_.size()); }

}  // namespace poolscope::chart
