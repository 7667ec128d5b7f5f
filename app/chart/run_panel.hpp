// One run's panel in a ChartScene: header (title + on-chart metrics), the Gantt chart and under it the
// results-held chart. Qt Charts draws the frame (axes, grid, backgrounds); GanttItem / HeldItem draw the data.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <QPointer>
#include <QRectF>

#include "chart/chart_theme.hpp"
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

  void apply_theme();
  // `rect` is the whole panel; plot areas span plot_left..plot_right (shared by every panel).
  // `held_max` > 0 sets the results-held axis (the compare view shares one, so heights compare honestly).
  void layout(const QRectF& rect, double labels_left, double plot_left, double plot_right, const TimeScale& scale,
              int held_max = 0);
  // The round top of the results-held axis this run needs.
  int held_axis_needed() const;
  // Width the row labels need (left margin), with the theme's fonts.
  double label_width() const;
  // True if the held chart's y range had to grow (the caller relayouts).
  bool held_range_too_small() const;
  void update_header(std::int64_t now_ns);
  void set_now_ns(std::int64_t now_ns);
  void set_cursor(std::optional<double> t_s);
  void tasks_changed(const std::vector<std::uint64_t>& indices);
  bool live() const;

 private:
  void style_axis(QValueAxis* axis, bool labels) const;
  void set_time_axis(QValueAxis* axis, const TimeScale& scale) const;

  QGraphicsScene* scene_;
  QPointer<RunModel> model_;
  const ChartTheme* theme_;
  QChart* gantt_chart_ = nullptr;
  QChart* held_chart_ = nullptr;
  QValueAxis* gantt_x_ = nullptr;
  QValueAxis* gantt_y_ = nullptr;
  QValueAxis* held_x_ = nullptr;
  QValueAxis* held_y_ = nullptr;
  QLineSeries* gantt_anchor_ = nullptr;  // axes need a series to map through; it holds no points
  QLineSeries* held_anchor_ = nullptr;
  GanttItem* gantt_ = nullptr;
  HeldItem* held_ = nullptr;
  QGraphicsSimpleTextItem* title_ = nullptr;
  QGraphicsSimpleTextItem* metrics_ = nullptr;
  QGraphicsSimpleTextItem* held_label_ = nullptr;
  QRectF rect_;
  double plot_right_ = 0.0;
  int held_max_ = 1;
  std::int64_t now_ns_ = 0;
};

}  // namespace poolscope::chart
