// Draws one run's Gantt rows on a QChart's plot area: a bar per task, the caller lane with one marker per
// result handed over, connectors and shaded waits. Paints only the exposed region; invalidates only what changed.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <QGraphicsItem>
#include <QPointer>

#include "chart/chart_theme.hpp"
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

  // Repaints what the touched tasks cover (bars, connectors, markers), nothing else.
  void tasksChanged(const std::vector<std::uint64_t>& indices);
  // Recomputes marker placement and repaints everything (new rows, rescale, reset).
  void rebuild();

  QRectF barRect(std::uint64_t index) const;  // scene coordinates; empty if not drawn
  QRectF laneRect() const;
  double rowHeight() const { return rowH_; }
  QString tooltipAt(const QPointF& scenePos) const;
  double timeAt(double sceneX) const { return scale_.t(sceneX); }

  QRectF boundingRect() const override;
  void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

 protected:
  void hoverMoveEvent(QGraphicsSceneHoverEvent* event) override;

 private:
  // Results handed over at (nearly) the same instant share one marker: "1–6" where map hands over everything.
  struct Cluster {
    std::size_t first = 0;  // emission positions first..last
    std::size_t last = 0;
    double x = 0.0;  // emission time of the first, in scene x
    double w = 0.0;
    int level = 0;
    bool failed = false;
  };
  // Where a task's bar ends now: its finish, or "now" / the cursor for a running (or replayed) task.
  bool visibleSpan(const TaskRecord& task, double& t0, double& t1) const;
  double rowTop(int row) const;
  QRectF markerRect(const TaskRecord& task) const;
  void placeMarkers(std::size_t from);
  void paintRows(QPainter* p, const QRectF& exposed, double t0, double t1) const;
  void paintLane(QPainter* p, const QRectF& exposed, double t0, double t1) const;
  void paintLabels(QPainter* p, const QRectF& exposed) const;
  double barHeight() const;
  std::optional<std::uint64_t> taskAt(const QPointF& scenePos) const;
  bool shownEmitted(const TaskRecord& task) const;
  bool detailedLane() const;

  QPointer<RunModel> model_;
  const ChartTheme* theme_;
  QRectF plot_;
  double labelsLeft_ = 0.0;
  TimeScale scale_;
  double nowSeconds_ = -1.0;
  std::optional<double> cursor_;
  double rowH_ = 10.0;
  double laneTop_ = 0.0;
  double markerD_ = 24.0;
  int levels_ = 1;
  std::size_t placed_ = 0;  // emission positions already in clusters_
  std::vector<Cluster> clusters_;
  std::vector<double> levelEnd_;             // greedy placement state: right end of each level
  std::vector<std::int64_t> clusterOfTask_;  // task index -> cluster, -1
  QRectF clusterRect(const Cluster& cluster) const;
  QString clusterText(const Cluster& cluster) const;
};

}  // namespace poolscope::chart
