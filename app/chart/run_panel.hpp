// One run's panel in a ChartScene: header (title + on-chart metrics), the Gantt chart and under it the
// results-held chart. Qt Charts draws the frame (axes, grid, backgrounds); GanttItem / HeldItem draw the data.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <QPointer>
#include <QRectF>

#include "chart/chart_theme.hpp"
#include "chart/metrics_view.hpp"
#include "chart/run_model.hpp"
#include "chart/time_scale.hpp"

class QChart;
class QValueAxis;
class QLineSeries;
class QGraphicsScene;
class QGraphicsSimpleTextItem;

namespace poolscope::chart {

class GanttItem;
class HeldItem;

class RunPanel {
 public:
  RunPanel(QGraphicsScene* scene, RunModel* model, const ChartTheme* theme);
  ~RunPanel();
  RunPanel(const RunPanel&) = delete;
  RunPanel& operator=(const RunPanel&) = delete;

  RunModel* model() const { return model_; }
  GanttItem* gantt() const { return gantt_; }
  HeldItem* held() const { return held_; }

  void applyTheme();
  // `rect` is the whole panel; plot areas span plotLeft..plotRight (shared by every panel).
  // `heldMax` > 0 sets the results-held axis (the compare view shares one, so heights compare honestly).
  // `compact` (a small screen or a projector): a smaller title and a one-line results-held strip.
  void layout(const QRectF& rect, double labelsLeft, double plotLeft, double plotRight, const TimeScale& scale,
              int heldMax = 0, bool compact = false);
  // The least height at which every row keeps its label and the caller lane one row of markers.
  double minimumHeight(bool compact) const;
  // Bottom of the results-held plot and the room under it: the time axis goes under the last panel.
  double heldPlotBottom() const { return heldPlotBottom_; }
  // The round top of the results-held axis this run needs.
  int heldAxisNeeded() const;
  // Width the row labels need (left margin), with the theme's fonts.
  double labelWidth(bool compact) const;
  // True if the held chart's y range had to grow (the caller relayouts).
  bool heldRangeTooSmall() const;
  void updateHeader(std::int64_t nowNs);
  void setNowNs(std::int64_t nowNs);
  void setScrubCursor(std::optional<double> tSeconds);
  // Predict, then reveal: the caller lane, result labels, results-held curve and metrics show only the first
  // `arrivals` hand-overs; nullopt shows everything.
  void setRevealLimit(std::optional<std::size_t> arrivals);
  std::optional<std::size_t> revealLimit() const { return reveal_; }
  // What the metrics may say now (replay cursor, open prediction), for the header and the table.
  MetricsView metricsView() const;
  // The header's metrics line as drawn.
  QString headerText() const;
  // Zoomed in (the items then clip at the plot's edges).
  void setZoomed(bool zoomed);
  void tasksChanged(const std::vector<std::uint64_t>& indices);
  bool live() const;

 private:
  void styleAxis(QValueAxis* axis, bool labels) const;
  void setTimeAxis(QValueAxis* axis, const TimeScale& scale) const;
  double headerHeight(bool compact) const;
  double heldPlotHeight(double panelHeight, bool compact) const;

  QGraphicsScene* scene_;
  QPointer<RunModel> model_;
  const ChartTheme* theme_;
  QChart* ganttChart_ = nullptr;
  QChart* heldChart_ = nullptr;
  QValueAxis* ganttX_ = nullptr;
  QValueAxis* ganttY_ = nullptr;
  QValueAxis* heldX_ = nullptr;
  QValueAxis* heldY_ = nullptr;
  QLineSeries* ganttAnchor_ = nullptr;  // axes need a series to map through; it holds no points
  QLineSeries* heldAnchor_ = nullptr;
  GanttItem* gantt_ = nullptr;
  HeldItem* held_ = nullptr;
  QGraphicsSimpleTextItem* title_ = nullptr;
  QGraphicsSimpleTextItem* metrics_ = nullptr;
  QGraphicsSimpleTextItem* heldLabel_ = nullptr;
  QGraphicsSimpleTextItem* heldTop_ = nullptr;   // the strip's axis: its top value and 0, drawn whole
  QGraphicsSimpleTextItem* heldZero_ = nullptr;  // (Qt Charts elides them in a short strip)
  QRectF rect_;
  double plotRight_ = 0.0;
  double heldPlotBottom_ = 0.0;
  bool compact_ = false;
  int heldMax_ = 1;
  std::int64_t nowNs_ = 0;
  std::optional<double> cursor_;
  std::optional<std::size_t> reveal_;
};

}  // namespace poolscope::chart
