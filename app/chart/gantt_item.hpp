// Draws one run's Gantt rows on a QChart's plot area: a labelled row per worker, a bar per task, the caller
// lane with a marker per result handed over, connectors and shaded waits. Paints only the exposed region.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QPointer>

#include "chart/chart_theme.hpp"
#include "chart/marker_layout.hpp"
#include "chart/run_model.hpp"
#include "chart/time_scale.hpp"

namespace poolscope::chart {

class GanttItem : public QGraphicsItem {
 public:
  GanttItem(RunModel* model, const ChartTheme* theme);

  // `plot` is the chart's plot area, `labelsLeft` where the row labels start (both in scene coordinates).
  void setGeometry(const QRectF& plot, double labelsLeft, const TimeScale& scale);
  // Seconds from this run's origin that running bars grow to; < 0 = not live.
  void setNowSeconds(double nowSeconds);
  void setScrubCursor(std::optional<double> tSeconds);
  // Predict, then reveal: only the first `arrivals` hand-overs (emission positions) are drawn in the caller lane,
  // and only their results in the bars; the rest of the lane is a placeholder. nullopt shows everything.
  void setRevealLimit(std::optional<std::size_t> arrivals);
  std::optional<std::size_t> revealLimit() const { return reveal_; }
  // Zoomed in: nothing is drawn past the plot's edges and markers are not pulled inside it.
  void setZoomed(bool zoomed);

  // Repaints what the touched tasks cover (bars, connectors, markers), nothing else.
  void tasksChanged(const std::vector<std::uint64_t>& indices);
  // Recomputes marker placement and repaints everything (new rows, rescale, reset).
  void rebuild();

  QRectF barRect(std::uint64_t index) const;  // scene coordinates; empty if not drawn
  QRectF laneRect() const;
  // Where the marker holding task `index`'s result is drawn (scene coordinates); empty if none.
  QRectF resultMarkerRect(std::uint64_t index) const;
  double rowHeight() const { return rowH_; }
  QString tooltipAt(const QPointF& scenePos) const;
  // What the bar of task `index` says now ("5 → 10", "5 → ?", "5 …"), with room to spare.
  QString barLabel(std::uint64_t index) const;
  // True if task `index` is drawn hollow: computed, but its result never reached the caller.
  bool drawnAsLost(std::uint64_t index) const;
  // The caller lane's note: a placeholder while answers are hidden, or what a failure lost; "" if none.
  QString laneNote() const;
  // How many hand-overs the lane shows now (under a cursor and a reveal limit).
  std::size_t shownArrivals() const;
  double timeAt(double sceneX) const { return scale_.t(sceneX); }

  // Sizes the layout needs with `theme`: a marker's height, the least row height at which a row's label still
  // reads, and the least plot height for `rows` workers and one level of markers.
  static double markerDiameter(const ChartTheme& theme);
  static double minRowHeight(const ChartTheme& theme);
  static double minimumHeight(const ChartTheme& theme, std::size_t rows);
  // The longest of "Worker-1 (pid 5581)", "Worker-1", "W1" that fits `width` (the last if none does).
  static QString rowLabel(const WorkerRow& row, const QFontMetricsF& fm, double width);

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  void hoverMoveEvent(QGraphicsSceneHoverEvent* event) override;

 private:
  // Where a task's bar ends now: its finish, or "now" / the cursor for a running (or replayed) task.
  bool visibleSpan(const TaskRecord& task, double& t0, double& t1) const;
  double rowTop(int row) const;
  QRectF markerRect(const TaskRecord& task) const;
  void paintRows(QPainter* p, const QRectF& exposed, double t0, double t1) const;
  void paintLane(QPainter* p, const QRectF& exposed, double t0, double t1) const;
  void paintMarkers(QPainter* p, const QRectF& exposed) const;
  void paintLabels(QPainter* p, const QRectF& exposed) const;
  double barHeight() const;
  // Few tasks: every bar is at least kMinShortBar wide and labelled, beside it if need be. Many: bars thinner
  // than a pixel and a half merge into one span.
  bool sparse() const;
  std::optional<std::uint64_t> taskAt(const QPointF& scenePos) const;
  bool shownEmitted(const TaskRecord& task) const;
  bool revealed(const TaskRecord& task) const;  // within the reveal limit (ignores the cursor)
  bool allRevealed() const;
  bool resultShown(const TaskRecord& task) const;
  bool lostShown(const TaskRecord& task) const;
  // A task the run's Stop cut off (the run is over, the task never finished), once the replay has reached the end.
  bool cancelledShown(const TaskRecord& task) const;
  // The record as the viewer may see it now: a result or hand-over not yet reached or revealed is left out.
  TaskRecord visibleRecord(const TaskRecord& task) const;
  void paintLaneNote(QPainter* p, const QRectF& exposed) const;
  void paintLostBar(QPainter* p, const QRectF& bar, const TaskRecord& task) const;
  // With `spin`, the planned duration as a dashed ghost over a bar that ran longer (the cores were shared).
  void paintPlanned(QPainter* p, const QRectF& bar, const TaskRecord& task, double s0, double s1) const;
  bool detailedLane() const;
  double markersTop() const { return laneTop_ + 4.0; }

  QPointer<RunModel> model_;
  const ChartTheme* theme_;
  QRectF plot_;
  double labelsLeft_ = 0.0;
  TimeScale scale_;
  double nowSeconds_ = -1.0;
  std::optional<double> cursor_;
  std::optional<std::size_t> reveal_;
  bool zoomed_ = false;
  double rowH_ = 10.0;
  double laneTop_ = 0.0;
  int levels_ = 1;
  bool laneDetailed_ = true;  // markers (few results) rather than ticks (many), as last placed
  MarkerLayout markers_;
};

}  // namespace poolscope::chart
