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
#include <QLocale>
#include <QValueAxis>

#include "chart/gantt_item.hpp"
#include "chart/held_item.hpp"
#include "chart/metrics_table_item.hpp"
#include "chart/time_axis_item.hpp"

namespace poolscope::chart {

namespace {

QChart* makeChart() {
  auto* chart = new QChart();
  chart->legend()->hide();
  chart->setMargins(QMargins(0, 0, 0, 0));
  chart->layout()->setContentsMargins(0, 0, 0, 0);
  chart->setBackgroundRoundness(0);
  chart->setDropShadowEnabled(false);
  chart->setAnimationOptions(QChart::NoAnimation);
  return chart;
}

// Round upper bound for a count axis: 1..5 as they are, then niceCeil rounded up to a whole number
// (6, 8, 10, 12, 15, 20, ...).
int niceCount(int value) {
  if (value <= 5) return std::max(1, value);
  return static_cast<int>(std::ceil(niceCeil(static_cast<double>(value))));
}

}  // namespace

RunPanel::RunPanel(QGraphicsScene* scene, RunModel* model, const ChartTheme* theme)
    : scene_(scene), model_(model), theme_(theme) {
  ganttChart_ = makeChart();
  heldChart_ = makeChart();
  ganttX_ = new QValueAxis();
  ganttY_ = new QValueAxis();
  heldX_ = new QValueAxis();
  heldY_ = new QValueAxis();
  ganttAnchor_ = new QLineSeries();
  heldAnchor_ = new QLineSeries();
  ganttChart_->addSeries(ganttAnchor_);
  heldChart_->addSeries(heldAnchor_);
  ganttChart_->addAxis(ganttX_, Qt::AlignBottom);
  ganttChart_->addAxis(ganttY_, Qt::AlignLeft);
  heldChart_->addAxis(heldX_, Qt::AlignBottom);
  heldChart_->addAxis(heldY_, Qt::AlignLeft);
  ganttAnchor_->attachAxis(ganttX_);
  ganttAnchor_->attachAxis(ganttY_);
  heldAnchor_->attachAxis(heldX_);
  heldAnchor_->attachAxis(heldY_);
  ganttY_->setVisible(false);  // rows are labelled by GanttItem: a value axis cannot say "Worker-1 (pid 5581)"
  ganttY_->setReverse(true);
  scene_->addItem(ganttChart_);
  scene_->addItem(heldChart_);
  gantt_ = new GanttItem(model, theme);
  held_ = new HeldItem(model, theme);
  scene_->addItem(gantt_);
  scene_->addItem(held_);
  title_ = new QGraphicsSimpleTextItem();
  metrics_ = new QGraphicsSimpleTextItem();
  heldLabel_ = new QGraphicsSimpleTextItem();
  heldTop_ = new QGraphicsSimpleTextItem();
  heldZero_ = new QGraphicsSimpleTextItem(QStringLiteral("0"));
  for (auto* item : {title_, metrics_, heldLabel_, heldTop_, heldZero_}) {
    item->setZValue(10);
    scene_->addItem(item);
  }
  applyTheme();
}

RunPanel::~RunPanel() {
  // The scene owns added items; remove and delete them here so a panel can be dropped on its own.
  for (QGraphicsItem* item : std::initializer_list<QGraphicsItem*>{gantt_, held_, title_, metrics_, heldLabel_,
                                                                   heldTop_, heldZero_, ganttChart_, heldChart_}) {
    if (item->scene() != nullptr) item->scene()->removeItem(item);
    delete item;
  }
}

void RunPanel::styleAxis(QValueAxis* axis, bool labels) const {
  axis->setLabelsVisible(labels);
  axis->setLabelsFont(theme_->labelFont);
  axis->setLabelsBrush(QBrush(theme_->text));
  axis->setGridLineColor(theme_->grid);
  axis->setLinePenColor(theme_->axis);
  axis->setMinorGridLineVisible(false);
  axis->setTitleFont(theme_->labelFont);
  axis->setTitleBrush(QBrush(theme_->mutedText));
}

void RunPanel::applyTheme() {
  for (QChart* chart : {ganttChart_, heldChart_}) {
    chart->setBackgroundBrush(theme_->background);
    chart->setBackgroundPen(Qt::NoPen);
    // Qt Charts 6.4 draws the plot background from a stale layout when the plot area is set by hand;
    // the chart background (same colour family) and GanttItem's row shading do its job.
    chart->setPlotAreaBackgroundVisible(false);
  }
  styleAxis(ganttX_, false);
  styleAxis(ganttY_, false);
  styleAxis(heldX_, false);  // the time labels are the scene's TimeAxisItem, under the last panel
  styleAxis(heldY_, false);
  heldY_->setGridLineVisible(true);
  for (QGraphicsSimpleTextItem* value : {heldTop_, heldZero_}) {
    value->setFont(theme_->smallFont);
    value->setBrush(theme_->text);
  }
  QFont titleFont = theme_->titleFont;
  if (compact_) {
    titleFont = theme_->labelFont;  // compact: the title no taller than a row label, every pixel to the rows
    titleFont.setBold(true);
  }
  title_->setFont(titleFont);
  title_->setBrush(theme_->text);
  metrics_->setFont(theme_->labelFont);
  metrics_->setBrush(theme_->mutedText);
  heldLabel_->setFont(theme_->smallFont);
  heldLabel_->setBrush(theme_->mutedText);
  heldLabel_->setText(
      compact_ ? QCoreApplication::translate("poolscope::chart::RunPanel", "Results held")
               : QCoreApplication::translate("poolscope::chart::RunPanel", "Results held,\nnot yet handed over"));
}

double RunPanel::labelWidth(bool compact) const {
  if (!model_) return 0.0;
  const QFontMetricsF fm(theme_->labelFont);
  QFont bold = theme_->labelFont;
  bold.setBold(true);
  double w = QFontMetricsF(bold).horizontalAdvance(
      model_->run().caller_pid > 0
          ? QCoreApplication::translate("poolscope::chart::RunPanel", "Caller (pid %1)").arg(model_->run().caller_pid)
          : QCoreApplication::translate("poolscope::chart::RunPanel", "Caller"));
  for (const WorkerRow& row : model_->rows()) w = std::max(w, fm.horizontalAdvance(row.labelForms().front()));
  // The results-held caption sits in the same column; its widest line must fit as well, in any language.
  const QFontMetricsF sfm(theme_->smallFont);
  // The caption of the layout asked for (not the one shown now, which may be about to change).
  const QString caption =
      compact ? QCoreApplication::translate("poolscope::chart::RunPanel", "Results held")
              : QCoreApplication::translate("poolscope::chart::RunPanel", "Results held,\nnot yet handed over");
  for (const QString& line : caption.split(QLatin1Char('\n'))) w = std::max(w, sfm.horizontalAdvance(line));
  return w;
}

bool RunPanel::live() const { return model_ && !model_->finished() && model_->run().origin_ns != 0; }

void RunPanel::setTimeAxis(QValueAxis* axis, const TimeScale& scale) const {
  axis->setRange(scale.tMin, scale.tMax);
  // The grid lines fall on the time axis labels' ticks.
  const double step = TimeAxisItem::stepFor(scale, theme_->labelFont);
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(0.0);
  axis->setTickInterval(step);
  axis->setLabelFormat(QStringLiteral("%.%1f s").arg(decimalsFor(step)));
}

int RunPanel::heldAxisNeeded() const { return niceCount(std::max(model_ ? model_->metrics(nowNs_).peakHeld : 0, 1)); }

double RunPanel::headerHeight(bool compact) const {
  return compact ? std::ceil(QFontMetricsF(theme_->labelFont).height() * 1.15)
                 : std::ceil(QFontMetricsF(theme_->titleFont).height() * 1.3);
}

double RunPanel::heldPlotHeight(double panelHeight, bool compact) const {
  const double small = QFontMetricsF(theme_->smallFont).height();
  // Compact: one line of caption beside it. Otherwise room for the two-line caption, but never more than a
  // quarter of the panel.
  if (compact) return std::ceil(small * 1.3);
  return std::max(std::ceil(small * 1.3),
                  std::min(std::max(std::ceil(small * 2.6), std::round(panelHeight * 0.17)), panelHeight * 0.25));
}

double RunPanel::minimumHeight(bool compact) const {
  const double small = QFontMetricsF(theme_->smallFont).height();
  const std::size_t rows = model_ ? model_->rows().size() : 1;
  return headerHeight(compact) + GanttItem::minimumHeight(*theme_, rows) + (compact ? 6.0 : 10.0) +
         (compact ? std::ceil(small * 1.3) : std::ceil(small * 2.6)) + 2.0 * std::ceil(small / 2.0 + 1.0);
}

void RunPanel::layout(const QRectF& rect, double labelsLeft, double plotLeft, double plotRight, const TimeScale& scale,
                      int heldMax, bool compact) {
  if (compact != compact_) {
    compact_ = compact;
    applyTheme();
  }
  rect_ = rect;
  plotRight_ = plotRight;
  const QFontMetricsF titleFm(title_->font());
  const double small = QFontMetricsF(theme_->smallFont).height();
  const double headerH = headerHeight(compact);
  const double heldPlotH = heldPlotHeight(rect.height(), compact);
  // Half a label of room above and below the strip for the 0 and top labels of its axis.
  const double heldTop = std::ceil(small / 2.0 + 1.0);
  const double heldH = heldPlotH + 2.0 * heldTop;
  const double gap = compact ? 6.0 : 10.0;
  const double ganttH = std::max(GanttItem::minimumHeight(*theme_, model_ ? model_->rows().size() : 1),
                                 rect.height() - headerH - heldH - gap);

  // With spin, "6 workers on 2 cores" says why 1-second tasks took longer.
  const QString cores = model_ ? model_->coresNote() : QString();
  title_->setText(model_ ? model_->title() + (cores.isEmpty() ? QString() : QStringLiteral("   ·   ") + cores)
                         : QString());
  title_->setPos(labelsLeft, rect.top() + (headerH - titleFm.height()) / 2.0 - 1.0);

  const QRectF ganttGeo(rect.left(), rect.top() + headerH, rect.width(), ganttH);
  ganttChart_->setGeometry(ganttGeo);
  const QRectF ganttPlotLocal(plotLeft - rect.left(), 0.0, plotRight - plotLeft, ganttH);
  ganttChart_->setPlotArea(ganttPlotLocal);
  setTimeAxis(ganttX_, scale);
  const double rows = model_ ? static_cast<double>(std::max<std::size_t>(model_->rows().size(), 1)) : 1.0;
  ganttY_->setRange(0.0, rows + 1.0);

  const QRectF heldGeo(rect.left(), ganttGeo.bottom() + gap, rect.width(), heldH);
  heldChart_->setGeometry(heldGeo);
  const QRectF heldPlotLocal(plotLeft - rect.left(), heldTop, plotRight - plotLeft, heldPlotH);
  heldChart_->setPlotArea(heldPlotLocal);
  setTimeAxis(heldX_, scale);
  heldMax_ = heldMax > 0 ? heldMax : heldAxisNeeded();
  heldY_->setRange(0.0, heldMax_);
  heldY_->setTickType(QValueAxis::TicksDynamic);
  heldY_->setTickAnchor(0.0);
  heldY_->setTickInterval(heldMax_);  // 0 and the top only: the strip is too short for more labels
  heldY_->setLabelFormat(QStringLiteral("%.0f"));

  for (QChart* chart : {ganttChart_, heldChart_}) chart->layout()->activate();

  const QRectF ganttPlot = ganttPlotLocal.translated(ganttGeo.topLeft());
  const QRectF heldPlot = heldPlotLocal.translated(heldGeo.topLeft());
  heldPlotBottom_ = heldPlot.bottom();
  gantt_->setGeometry(ganttPlot, labelsLeft, scale);
  held_->setGeometry(heldPlot, scale, heldMax_);
  heldTop_->setText(QString::number(heldMax_));
  for (QGraphicsSimpleTextItem* value : {heldTop_, heldZero_}) {
    const QRectF box = value->boundingRect();
    const double y = value == heldTop_ ? heldPlot.top() : heldPlot.bottom();
    value->setPos(plotLeft - 6.0 - box.width(), y - box.height() / 2.0);
  }
  const double captionH = heldLabel_->boundingRect().height();
  heldLabel_->setPos(labelsLeft, heldPlot.top() + (heldPlot.height() - captionH) / 2.0);
  heldLabel_->setVisible(heldPlot.height() >= captionH * 0.9);
  updateHeader(nowNs_);
}

bool RunPanel::heldRangeTooSmall() const { return model_ && model_->metrics(nowNs_).peakHeld > heldMax_; }

MetricsView RunPanel::metricsView() const {
  MetricsView view;
  view.cursor = cursor_;
  if (model_ && reveal_) {
    view.answersHidden = *reveal_ != std::numeric_limits<std::size_t>::max() &&
                         (!model_->finished() || *reveal_ < model_->emissionOrder().size());
    view.firstRevealed = *reveal_ > 0 && !model_->emissionOrder().empty();
  }
  return view;
}

QString RunPanel::headerText() const { return metrics_->text(); }

void RunPanel::setRevealLimit(std::optional<std::size_t> arrivals) {
  reveal_ = arrivals;
  gantt_->setRevealLimit(arrivals);
  std::optional<double> until;
  if (model_ && arrivals && metricsView().answersHidden) {
    // The results-held curve gives the hand-overs away: it stops at the last one revealed.
    const auto& order = model_->emissionOrder();
    const std::size_t k = std::min(*arrivals, order.size());
    until = k == 0 ? 0.0 : model_->seconds(model_->run().tasks[order[k - 1]].emit_ns);
  }
  held_->setRevealUntil(until);
  updateHeader(nowNs_);
}

void RunPanel::setZoomed(bool zoomed) {
  gantt_->setZoomed(zoomed);
  held_->setZoomed(zoomed);
}

void RunPanel::updateHeader(std::int64_t nowNs) {
  if (!model_) return;
  const ShownMetrics shown = shownMetrics(*model_, live() ? nowNs : 0, metricsView());
  const RunMetrics& m = shown.m;
  QString text =
      QCoreApplication::translate("poolscope::chart::RunPanel", "wall %1   ·   first result %2   ·   idle %3 %")
          .arg(shown.restHidden ? hiddenFigure() : formatSeconds(m.wallSeconds),
               shown.firstHidden ? hiddenFigure() : formatSeconds(m.firstResultSeconds),
               shown.restHidden ? hiddenFigure() : QLocale().toString(m.idlePercent, 'f', 0));
  if (m.failed > 0) text += QCoreApplication::translate("poolscope::chart::RunPanel", "   ·   %1 failed").arg(m.failed);
  if (const int lost = static_cast<int>(m.lost); lost > 0 && !shown.restHidden) {
    text += QCoreApplication::translate("poolscope::chart::RunPanel", "   ·   %n never handed over", nullptr, lost);
  }
  metrics_->setText(text);
  const double headerH = headerHeight(compact_);
  const double w = metrics_->boundingRect().width();
  // Never over the title: if both do not fit on one line, the metrics give way.
  const double titleRight = title_->pos().x() + title_->boundingRect().width() + 24.0;
  metrics_->setVisible(plotRight_ - w >= titleRight);
  metrics_->setPos(plotRight_ - w, rect_.top() + headerH - metrics_->boundingRect().height() - 4.0);
}

void RunPanel::setNowNs(std::int64_t nowNs) {
  nowNs_ = nowNs;
  const double nowSeconds = live() && nowNs != 0 ? model_->seconds(nowNs) : -1.0;
  gantt_->setNowSeconds(nowSeconds);
  held_->setNowSeconds(nowSeconds);
  updateHeader(nowNs);
}

void RunPanel::setScrubCursor(std::optional<double> tSeconds) {
  cursor_ = tSeconds;
  gantt_->setScrubCursor(tSeconds);
  held_->setScrubCursor(tSeconds);
  updateHeader(nowNs_);
}

void RunPanel::tasksChanged(const std::vector<std::uint64_t>& indices) {
  if (!model_) return;
  gantt_->tasksChanged(indices);
  double earliest = std::numeric_limits<double>::max();
  for (std::uint64_t i : indices) {
    const TaskRecord* t = model_->task(i);
    if (t != nullptr && is_finished(t->status))
      earliest = std::min(earliest, model_->seconds(std::max(t->finish_ns, t->start_ns)));
  }
  if (earliest < std::numeric_limits<double>::max()) held_->changedFrom(earliest);
  if (reveal_) setRevealLimit(reveal_);  // a run finishing may complete (or extend) what is hidden
  updateHeader(nowNs_);
}

}  // namespace poolscope::chart
