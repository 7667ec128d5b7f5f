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

void ChartScene::set_models(const std::vector<RunModel*>& models) {
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
    connect(model, &RunModel::model_reset, this, [this] {
      axis_max_s_ = 0.0;
      relayout();
    });
    connect(model, &RunModel::rows_changed, this, &ChartScene::relayout);
    connect(model, &RunModel::run_finished, this, [this] { relayout(); });
    connect(model, &RunModel::tasks_changed, this, [this, panel](const std::vector<std::uint64_t>& indices) {
      panel->tasks_changed(indices);
      table_->update();
      on_model_changed();
      if (panel->held_range_too_small()) relayout();
    });
    // QPointer is already null while destroyed() is emitted: relayout drops just that panel.
    connect(model, &QObject::destroyed, this, &ChartScene::relayout);
  }
  table_->set_models(models_);
  axis_max_s_ = 0.0;
  relayout();
}

std::vector<RunModel*> ChartScene::models() const {
  std::vector<RunModel*> out;
  for (const auto& m : models_) {
    if (m) out.push_back(m.data());
  }
  return out;
}

void ChartScene::set_theme(const ChartTheme& theme) {
  theme_ = theme;
  setBackgroundBrush(theme_.background);
  for (auto& panel : panels_) panel->apply_theme();
  relayout();
}

double ChartScene::duration_s() const {
  double extent = 0.0;
  for (const auto& panel : panels_) {
    RunModel* m = panel->model();
    if (m == nullptr || m->empty()) continue;
    double end = m->metrics(panel->live() ? now_ns_ : 0).wall_s;
    end = std::max(end, m->latest_s());
    extent = std::max(extent, end);
  }
  return extent;
}

void ChartScene::on_model_changed() {
  // A live run outgrowing the axis rescales everything (rare: the axis grows with headroom).
  if (duration_s() > axis_max_s_) relayout();
}

void ChartScene::set_now_ns(std::int64_t now_ns) {
  now_ns_ = now_ns;
  for (auto& panel : panels_) panel->set_now_ns(now_ns);
  table_->set_now_ns(now_ns);
  on_model_changed();
}

void ChartScene::set_cursor(std::optional<double> t_s) {
  cursor_ = t_s;
  for (auto& panel : panels_) panel->set_cursor(t_s);
}

void ChartScene::layout_to(const QSizeF& size) {
  size_ = size;
  relayout();
}

void ChartScene::refresh_axes() {
  const double extent = duration_s();
  bool any_live = false;
  for (const auto& panel : panels_) any_live = any_live || panel->live();
  if (axis_max_s_ <= 0.0 || extent > axis_max_s_ || (!any_live && extent < axis_max_s_ * 0.8)) {
    // Finished runs fit snugly; a live run gets headroom so the axis does not rescale every frame.
    axis_max_s_ = extent <= 0.0 ? 1.0 : (any_live ? nice_ceil(extent * 1.25) : extent * 1.03);
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
  table_->set_models(models_);
  setSceneRect(QRectF(QPointF(0, 0), size_));
  refresh_axes();
  const double w = size_.width();
  const double h = size_.height();
  const double outer = theme_.presenter ? 28.0 : 14.0;
  double label_w = 80.0;
  for (const auto& panel : panels_) label_w = std::max(label_w, panel->label_width());
  label_w = std::min(label_w, w * 0.3);
  const double tick_w = QFontMetricsF(theme_.small_font).horizontalAdvance(QStringLiteral("0000")) + 8.0;
  const double labels_left = outer;
  const double plot_left = labels_left + label_w + 12.0 + tick_w;
  const double plot_right = w - outer - 12.0;
  TimeScale scale;
  scale.left = plot_left;
  scale.width = std::max(10.0, plot_right - plot_left);
  scale.t_min = 0.0;
  scale.t_max = axis_max_s_;

  const double table_h = panels_.empty() ? 0.0 : MetricsTableItem::height_for(theme_, panels_.size());
  const double table_top = h - outer - table_h;
  table_->set_geometry(QRectF(labels_left, table_top, plot_right - labels_left, table_h));
  table_->setVisible(!panels_.empty());
  const double gap = theme_.presenter ? 20.0 : 12.0;
  const double area_top = outer * 0.6;
  const double area_h = table_top - gap - area_top;
  const double n = static_cast<double>(std::max<std::size_t>(panels_.size(), 1));
  const double panel_h = (area_h - gap * (n - 1.0)) / n;
  int held_max = 1;
  for (const auto& panel : panels_) held_max = std::max(held_max, panel->held_axis_needed());
  for (std::size_t i = 0; i < panels_.size(); ++i) {
    const QRectF rect(0.0, area_top + static_cast<double>(i) * (panel_h + gap), w, panel_h);
    panels_[i]->layout(rect, labels_left, plot_left, plot_right, scale, held_max);
    panels_[i]->set_now_ns(now_ns_);
    panels_[i]->set_cursor(cursor_);
  }
  update();
}

void ChartScene::render_to(QPainter* painter, const QRectF& target) {
  // Qt Charts lays axes out on posted LayoutRequest events: deliver them before drawing headless.
  QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
  painter->setRenderHint(QPainter::Antialiasing, true);
  painter->setRenderHint(QPainter::TextAntialiasing, true);
  painter->setRenderHint(QPainter::SmoothPixmapTransform, true);
  render(painter, target, QRectF(QPointF(0, 0), size_), Qt::IgnoreAspectRatio);
}

QRectF ChartScene::bar_rect(int panel, std::uint64_t index) const {
  if (panel < 0 || static_cast<std::size_t>(panel) >= panels_.size()) return {};
  return panels_[static_cast<std::size_t>(panel)]->gantt()->bar_rect(index);
}

int ChartScene::panel_count() const { return static_cast<int>(panels_.size()); }

}  // namespace poolscope::chart
