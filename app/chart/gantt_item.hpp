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

  // `plot` is the chart's plot area, `labels_left` where the row labels start (both in scene coordinates).
  void set_geometry(const QRectF& plot, double labels_left, const TimeScale& scale);
  // Seconds from this run's origin that running bars grow to; < 0 = not live.
  void set_now_s(double now_s);
  void set_cursor(std::optional<double> t_s);

  // Repaints what the touched tasks cover (bars, connectors, markers), nothing else.
  void tasks_changed(const std::vector<std::uint64_t>& indices);
  // Recomputes marker placement and repaints everything (new rows, rescale, reset).
  void rebuild();

  QRectF bar_rect(std::uint64_t index) const;  // scene coordinates; empty if not drawn
  QRectF lane_rect() const;
  double row_height() const { return row_h_; }
  QString tooltip_at(const QPointF& scene_pos) const;
  double time_at(double scene_x) const { return scale_.t(scene_x); }

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
  bool visible_span(const TaskRecord& task, double& t0, double& t1) const;
  double row_top(int row) const;
  QRectF marker_rect(const TaskRecord& task) const;
  void place_markers(std::size_t from);
  void paint_rows(QPainter* p, const QRectF& exposed, double t0, double t1) const;
  void paint_lane(QPainter* p, const QRectF& exposed, double t0, double t1) const;
  void paint_labels(QPainter* p, const QRectF& exposed) const;
  QString bar_text(const TaskRecord& task, double width, const QFont& font) const;
  double bar_height() const;
  std::optional<std::uint64_t> task_at(const QPointF& scene_pos) const;
  bool shown_emitted(const TaskRecord& task) const;
  bool detailed_lane() const;

  QPointer<RunModel> model_;
  const ChartTheme* theme_;
  QRectF plot_;
  double labels_left_ = 0.0;
  TimeScale scale_;
  double now_s_ = -1.0;
  std::optional<double> cursor_;
  double row_h_ = 10.0;
  double lane_top_ = 0.0;
  double marker_d_ = 24.0;
  int levels_ = 1;
  std::size_t placed_ = 0;  // emission positions already in clusters_
  std::vector<Cluster> clusters_;
  std::vector<double> level_end_;              // greedy placement state: right end of each level
  std::vector<std::int64_t> cluster_of_task_;  // task index -> cluster, -1
  QRectF cluster_rect(const Cluster& cluster) const;
  QString cluster_text(const Cluster& cluster) const;
};

// Display form of a JSON literal: strings lose their quotes, long text is cut.
QString display_value(const std::string& json_literal);

}  // namespace poolscope::chart
