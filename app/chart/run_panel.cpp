// RunPanel: two QCharts (Gantt frame, results-held frame) sharing the scene's time scale, with the data
// drawn by GanttItem / HeldItem on top of their plot areas.
#include "chart/run_panel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <QChart>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QValueAxis>

#include "chart/gantt_item.hpp"
#include "chart/held_item.hpp"
#include "chart/metrics_table_item.hpp"

namespace poolscope::chart {

namespace {

QChart* make_chart() {
  auto* chart = new QChart();
  chart->legend()->hide();
  chart->setMargins(QMargins(0, 0, 0, 0));
  chart->layout()->setContentsMargins(0, 0, 0, 0);
  chart->setBackgroundRoundness(0);
  chart->setDropShadowEnabled(false);
  chart->setAnimationOptions(QChart::NoAnimation);
  return chart;
}

// Round upper bound for a count axis: 1..5 as they are, then 1 / 2 / 2.5 / 5 x 10^k.
int nice_count(int value) {
  if (value <= 5) return std::max(1, value);
  return static_cast<int>(std::ceil(nice_ceil(static_cast<double>(value))));
}

}  // namespace

RunPanel::RunPanel(QGraphicsScene* scene, RunModel* model, const ChartTheme* theme)
    : scene_(scene), model_(model), theme_(theme) {
  gantt_chart_ = make_chart();
  held_chart_ = make_chart();
  gantt_x_ = new QValueAxis();
  gantt_y_ = new QValueAxis();
  held_x_ = new QValueAxis();
  held_y_ = new QValueAxis();
  gantt_anchor_ = new QLineSeries();
  held_anchor_ = new QLineSeries();
  gantt_chart_->addSeries(gantt_anchor_);
  held_chart_->addSeries(held_anchor_);
  gantt_chart_->addAxis(gantt_x_, Qt::AlignBottom);
  gantt_chart_->addAxis(gantt_y_, Qt::AlignLeft);
  held_chart_->addAxis(held_x_, Qt::AlignBottom);
  held_chart_->addAxis(held_y_, Qt::AlignLeft);
  gantt_anchor_->attachAxis(gantt_x_);
  gantt_anchor_->attachAxis(gantt_y_);
  held_anchor_->attachAxis(held_x_);
  held_anchor_->attachAxis(held_y_);
  gantt_y_->setVisible(false);  // rows are labelled by GanttItem: a value axis cannot say "Worker-1 (pid 5581)"
  gantt_y_->setReverse(true);
  scene_->addItem(gantt_chart_);
  scene_->addItem(held_chart_);
  gantt_ = new GanttItem(model, theme);
  held_ = new HeldItem(model, theme);
  scene_->addItem(gantt_);
  scene_->addItem(held_);
  title_ = new QGraphicsSimpleTextItem();
  metrics_ = new QGraphicsSimpleTextItem();
  held_label_ = new QGraphicsSimpleTextItem();
  for (auto* item : {title_, metrics_, held_label_}) {
    item->setZValue(10);
    scene_->addItem(item);
  }
  apply_theme();
}

RunPanel::~RunPanel() {
  // The scene owns added items; remove and delete them here so a panel can be dropped on its own.
  for (QGraphicsItem* item :
       std::initializer_list<QGraphicsItem*>{gantt_, held_, title_, metrics_, held_label_, gantt_chart_, held_chart_}) {
    if (item->scene() != nullptr) item->scene()->removeItem(item);
    delete item;
  }
}

void RunPanel::style_axis(QValueAxis* axis, bool labels) const {
  axis->setLabelsVisible(labels);
  axis->setLabelsFont(theme_->label_font);
  axis->setLabelsBrush(QBrush(theme_->text));
  axis->setGridLineColor(theme_->grid);
  axis->setLinePenColor(theme_->axis);
  axis->setMinorGridLineVisible(false);
  axis->setTitleFont(theme_->label_font);
  axis->setTitleBrush(QBrush(theme_->muted_text));
}

void RunPanel::apply_theme() {
  for (QChart* chart : {gantt_chart_, held_chart_}) {
    chart->setBackgroundBrush(theme_->background);
    chart->setBackgroundPen(Qt::NoPen);
    // Qt Charts 6.4 draws the plot background from a stale layout when the plot area is set by hand;
    // the chart background (same colour family) and GanttItem's row shading do its job.
    chart->setPlotAreaBackgroundVisible(false);
  }
  style_axis(gantt_x_, false);
  style_axis(gantt_y_, false);
  style_axis(held_x_, true);
  style_axis(held_y_, true);
  held_y_->setLabelsFont(theme_->small_font);
  held_y_->setGridLineVisible(true);
  title_->setFont(theme_->title_font);
  title_->setBrush(theme_->text);
  metrics_->setFont(theme_->label_font);
  metrics_->setBrush(theme_->muted_text);
  held_label_->setFont(theme_->small_font);
  held_label_->setBrush(theme_->muted_text);
  held_label_->setText(QCoreApplication::translate("poolscope::chart::RunPanel", "Results held,\nnot yet handed over"));
}

double RunPanel::label_width() const {
  if (!model_) return 0.0;
  const QFontMetricsF fm(theme_->label_font);
  QFont bold = theme_->label_font;
  bold.setBold(true);
  double w = QFontMetricsF(bold).horizontalAdvance(
      model_->run().caller_pid > 0
          ? QCoreApplication::translate("poolscope::chart::RunPanel", "Caller (pid %1)").arg(model_->run().caller_pid)
          : QCoreApplication::translate("poolscope::chart::RunPanel", "Caller"));
  for (const WorkerRow& row : model_->rows()) w = std::max(w, fm.horizontalAdvance(row.label()));
  // The results-held caption sits in the same column; its widest line must fit as well, in any language.
  const QFontMetricsF sfm(theme_->small_font);
  for (const QString& line : held_label_->text().split(QLatin1Char('\n'))) w = std::max(w, sfm.horizontalAdvance(line));
  return w;
}

bool RunPanel::live() const { return model_ && !model_->finished() && model_->run().origin_ns != 0; }

void RunPanel::set_time_axis(QValueAxis* axis, const TimeScale& scale) const {
  axis->setRange(scale.t_min, scale.t_max);
  const double step = nice_step(scale.t_max - scale.t_min, std::max(2, static_cast<int>(scale.width / 150.0)));
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(0.0);
  axis->setTickInterval(step);
  axis->setLabelFormat(QStringLiteral("%.%1f s").arg(decimals_for(step)));
}

int RunPanel::held_axis_needed() const {
  return nice_count(std::max(model_ ? model_->metrics(now_ns_).peak_held : 0, 1));
}

void RunPanel::layout(const QRectF& rect, double labels_left, double plot_left, double plot_right,
                      const TimeScale& scale, int held_max) {
  rect_ = rect;
  plot_right_ = plot_right;
  const QFontMetricsF title_fm(theme_->title_font);
  const QFontMetricsF label_fm(theme_->label_font);
  const double header_h = std::ceil(title_fm.height() * 1.3);
  // Qt Charts elides tick labels ("…") unless it gets a little more than the text height below the axis.
  const double axis_labels_h = std::ceil(label_fm.height() * 1.5 + 12.0);
  // The held strip wants room for two labels, but never more than 30 % of a cramped panel.
  const double held_plot_h =
      std::min(std::max(std::ceil(QFontMetricsF(theme_->small_font).height() * 2.6), std::round(rect.height() * 0.17)),
               std::max(12.0, std::round(rect.height() * 0.3 - axis_labels_h)));
  const double held_h = held_plot_h + axis_labels_h + std::ceil(QFontMetricsF(theme_->small_font).height() / 2.0 + 2.0);
  const double gap = 10.0;
  const double gantt_h = std::max(rect.height() * 0.35, rect.height() - header_h - held_h - gap);

  title_->setText(model_ ? model_->title() : QString());
  title_->setPos(labels_left, rect.top() + (header_h - title_fm.height()) / 2.0 - 2.0);

  const QRectF gantt_geo(rect.left(), rect.top() + header_h, rect.width(), gantt_h);
  gantt_chart_->setGeometry(gantt_geo);
  const QRectF gantt_plot_local(plot_left - rect.left(), 0.0, plot_right - plot_left, gantt_h);
  gantt_chart_->setPlotArea(gantt_plot_local);
  set_time_axis(gantt_x_, scale);
  const double rows = model_ ? static_cast<double>(std::max<std::size_t>(model_->rows().size(), 1)) : 1.0;
  gantt_y_->setRange(0.0, rows + 1.0);
  gantt_x_->setTickCount(2);

  const QRectF held_geo(rect.left(), gantt_geo.bottom() + gap, rect.width(), held_h);
  held_chart_->setGeometry(held_geo);
  // Room above the plot for half of the top tick label, which Qt Charts hides if it would stick out.
  const double held_top = std::ceil(QFontMetricsF(theme_->small_font).height() / 2.0 + 2.0);
  const QRectF held_plot_local(plot_left - rect.left(), held_top, plot_right - plot_left, held_plot_h);
  held_chart_->setPlotArea(held_plot_local);
  set_time_axis(held_x_, scale);
  held_max_ = held_max > 0 ? held_max : held_axis_needed();
  held_y_->setRange(0.0, held_max_);
  held_y_->setTickType(QValueAxis::TicksDynamic);
  held_y_->setTickAnchor(0.0);
  held_y_->setTickInterval(held_max_);  // 0 and the top only: the strip is too short for more labels
  held_y_->setLabelFormat(QStringLiteral("%.0f"));

  for (QChart* chart : {gantt_chart_, held_chart_}) chart->layout()->activate();

  const QRectF gantt_plot = gantt_plot_local.translated(gantt_geo.topLeft());
  const QRectF held_plot = held_plot_local.translated(held_geo.topLeft());
  gantt_->set_geometry(gantt_plot, labels_left, scale);
  held_->set_geometry(held_plot, scale, held_max_);
  held_label_->setPos(labels_left, held_plot.top() + (held_plot.height() - held_label_->boundingRect().height()) / 2.0);
  held_label_->setVisible(held_plot.height() >= held_label_->boundingRect().height() * 0.9);
  update_header(now_ns_);
}

bool RunPanel::held_range_too_small() const { return model_ && model_->metrics(now_ns_).peak_held > held_max_; }

void RunPanel::update_header(std::int64_t now_ns) {
  if (!model_) return;
  const RunMetrics m = model_->metrics(live() ? now_ns : 0);
  QString text =
      QCoreApplication::translate("poolscope::chart::RunPanel", "wall %1   ·   first result %2   ·   idle %3 %")
          .arg(format_seconds(m.wall_s), format_seconds(m.first_result_s))
          .arg(m.idle_percent, 0, 'f', 0);
  if (m.failed > 0) text += QCoreApplication::translate("poolscope::chart::RunPanel", "   ·   %1 failed").arg(m.failed);
  metrics_->setText(text);
  const QFontMetricsF title_fm(theme_->title_font);
  const double header_h = std::ceil(title_fm.height() * 1.3);
  const double w = metrics_->boundingRect().width();
  // Never over the title: if both do not fit on one line, the metrics give way.
  const double title_right = title_->pos().x() + title_->boundingRect().width() + 24.0;
  metrics_->setVisible(plot_right_ - w >= title_right);
  metrics_->setPos(plot_right_ - w, rect_.top() + header_h - metrics_->boundingRect().height() - 4.0);
}

void RunPanel::set_now_ns(std::int64_t now_ns) {
  now_ns_ = now_ns;
  const double now_s = live() && now_ns != 0 ? model_->seconds(now_ns) : -1.0;
  gantt_->set_now_s(now_s);
  held_->set_now_s(now_s);
  update_header(now_ns);
}

void RunPanel::set_cursor(std::optional<double> t_s) {
  gantt_->set_cursor(t_s);
  held_->set_cursor(t_s);
}

void RunPanel::tasks_changed(const std::vector<std::uint64_t>& indices) {
  if (!model_) return;
  gantt_->tasks_changed(indices);
  double earliest = std::numeric_limits<double>::max();
  for (std::uint64_t i : indices) {
    const TaskRecord* t = model_->task(i);
    if (t != nullptr && is_finished(t->status))
      earliest = std::min(earliest, model_->seconds(std::max(t->finish_ns, t->start_ns)));
  }
  if (earliest < std::numeric_limits<double>::max()) held_->changed_from(earliest);
  update_header(now_ns_);
}

}  // namespace poolscope::chart
